namespace ChiroClick.Api.Privacy;

/// <summary>Command: carry out erasure <paramref name="ErasureId"/> of clinic <paramref name="ClinicId"/> (ids only, no personal data).</summary>
public sealed record ProcessErasure(Guid ErasureId, Guid ClinicId);

/// <summary>Durable Wolverine handler of <see cref="ProcessErasure"/> (local queue <c>privacy</c>, one at a time).</summary>
public static class ProcessErasureHandler
{
    /// <summary>Runs the erasure; a crash or a failure re-delivers the message and the processor picks up where it stood.</summary>
    public static async Task Handle(ProcessErasure m, ErasureProcessor processor, CancellationToken ct) =>
        await processor.ProcessAsync(m.ClinicId.ToString(), m.ErasureId, ct);
}
