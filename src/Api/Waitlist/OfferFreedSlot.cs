namespace ChiroClick.Api.Waitlist;

/// <summary>Command: offer a freed slot (a cancelled appointment's) to the matching waitlist entries by SMS.</summary>
/// <param name="AppointmentId">The cancelled appointment, or null for a slot given by hand.</param>
/// <param name="Practitioner">The slot's practitioner.</param>
/// <param name="Start">Slot start.</param>
/// <param name="End">Slot end.</param>
public sealed record OfferFreedSlot(Guid? AppointmentId, string? Practitioner, DateTimeOffset Start, DateTimeOffset End);
