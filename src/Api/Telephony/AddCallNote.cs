using ChiroClick.Domain.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>Body of <c>POST /api/v1/telephony/calls/{id}/notes</c>.</summary>
/// <param name="Text">The note (required, at most 4,000 characters).</param>
/// <param name="Outcome">booked, information, callback or other; optional.</param>
public sealed record AddCallNote(string? Text, CallNoteOutcome? Outcome);

/// <summary>Answer to an added note (201).</summary>
/// <param name="Id">Note id.</param>
/// <param name="CallId">The call.</param>
/// <param name="Url">The call's URL.</param>
public sealed record CallNoteCreated(Guid Id, Guid CallId, string Url) : CreationResponse(Url);

/// <summary><c>POST /api/v1/telephony/calls/{id}/notes</c>: CallNoteAdded.</summary>
public static class AddCallNoteEndpoint
{
    /// <summary>Longest note accepted.</summary>
    public const int MaxLength = 4_000;

    /// <summary>400 without text or with a text over <see cref="MaxLength"/>.</summary>
    public static ProblemDetails Validate(AddCallNote c)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.Text)) errors.Add("text", "text is required.");
        else if (c.Text.Trim().Length > MaxLength) errors.Add("text", $"text is at most {MaxLength} characters.");
        return Problems.Validation(errors);
    }

    /// <summary>Adds the note; 404 for an unknown call.</summary>
    [WolverinePost("/api/v1/telephony/calls/{id:guid}/notes", OperationId = "addCallNote", Summary = "Add a note to a call")]
    [ProducesResponseType<CallNoteCreated>(201)]
    public static (IResult, Events) Post(AddCallNote c, [WriteAggregate] Call call, TimeProvider clock)
    {
        var decision = CallDecisions.AddNote(call, Guid.CreateVersion7(), c.Text, c.Outcome, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), []);
        var note = (CallNoteAdded)decision.Events[0];
        var url = $"/api/v1/telephony/calls/{call.Id}";
        return (Results.Created(url, new CallNoteCreated(note.NoteId, call.Id, url)), [.. decision.Events]);
    }
}
