using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>An opt-out keyword (STOPP and its variants) sent by SMS, as it reaches the patients with that number.</summary>
public static class SmsOptOut
{
    /// <summary>
    /// Withdraws the SMS marketing consent of each patient in <paramref name="patientIds"/> through
    /// <see cref="PatientDecisions.WithdrawConsent"/> (no campaign), appended to the patient's stream at the version read; a patient
    /// without that consent (or unknown) is left alone. Returns how many consents were withdrawn. The caller saves the session.
    /// </summary>
    public static async Task<int> WithdrawMarketingAsync(IDocumentSession session, IEnumerable<Guid> patientIds, DateTimeOffset now,
        CancellationToken ct)
    {
        var withdrawn = 0;
        foreach (var id in patientIds)
        {
            var stream = await session.Events.FetchForWriting<Patient>(id, ct);
            if (stream.Aggregate is not { } patient) continue;
            var events = PatientDecisions.WithdrawConsent(patient, ConsentChannel.Sms, ConsentPurpose.Marketing, null, now);
            if (events.Count == 0) continue;
            stream.AppendMany(events);
            withdrawn++;
        }
        return withdrawn;
    }
}
