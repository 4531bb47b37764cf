using System.Text.Json.Serialization;
using ChiroClick.Domain.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// Data of the screen pop's <c>call</c> event, pushed when a call rings: who is (probably) calling, patients first.
/// </summary>
/// <param name="Id">The call's id in the call log.</param>
/// <param name="CallId">The phone system's call id.</param>
/// <param name="From">The calling number (E.164 when valid; for an outbound call as the phone system sent it).</param>
/// <param name="To">The called number (E.164 when valid for an outbound call).</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="At">When it started ringing.</param>
/// <param name="Match">The best candidate, or <c>{kind: "unknown"}</c>.</param>
/// <param name="Candidates">Every patient and lead with the number, patients first (empty when unknown).</param>
/// <param name="PatientIds">Ids of the patient candidates.</param>
/// <param name="LeadIds">Ids of the lead candidates.</param>
public sealed record ScreenPopCall(Guid Id, string? CallId, string? From, string? To, CallDirection Direction, DateTimeOffset At,
    CallerCandidate Match, IReadOnlyList<CallerCandidate> Candidates, IReadOnlyList<Guid> PatientIds, IReadOnlyList<Guid> LeadIds);

/// <summary>Data of the screen pop's <c>answered</c>, <c>ended</c>, <c>missed</c> and <c>voicemail</c> events.</summary>
/// <param name="Id">The call's id in the call log.</param>
/// <param name="CallId">The phone system's call id.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Event">answered, ended, missed or voicemail.</param>
/// <param name="At">When.</param>
/// <param name="DurationSeconds">Talk time or message length, when reported.</param>
public sealed record ScreenPopUpdate(Guid Id, string? CallId, CallDirection Direction, CallEventKind Event, DateTimeOffset At, int? DurationSeconds);

/// <summary>One push of the screen pop as it is kept for replay.</summary>
/// <param name="Sequence">The event store sequence of the call event: the SSE <c>id</c>, sent back as <c>Last-Event-ID</c>.</param>
/// <param name="Event">SSE event name: call, answered, ended, missed or voicemail.</param>
/// <param name="Data">A <see cref="ScreenPopCall"/> or a <see cref="ScreenPopUpdate"/>.</param>
public sealed record ScreenPopPush(long Sequence, string Event, object Data)
{
    /// <summary>The clinic (tenant) it belongs to.</summary>
    [JsonIgnore] public string Tenant { get; init; } = "";

    /// <summary>When the event was stored (event timestamp); pushes are kept for replay for <see cref="TelephonyOptions.ScreenPopReplayMinutes"/>.</summary>
    [JsonIgnore] public DateTimeOffset StoredAt { get; init; }

    /// <summary>Whether it carries personal data (a <c>call</c> with its candidates): such pushes are access-logged.</summary>
    [JsonIgnore] public bool Personal => Data is ScreenPopCall;
}

/// <summary>Answer of <c>GET /api/v1/telephony/screen-pop</c> without <c>Accept: text/event-stream</c>: the recent pushes.</summary>
/// <param name="Items">The clinic's pushes of the replay window, oldest first.</param>
public sealed record ScreenPopRecent(IReadOnlyList<ScreenPopPush> Items);
