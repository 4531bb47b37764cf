using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ChiroClick.Api.Access;
using ChiroClick.Api.Patients;
using ChiroClick.Domain.Patients;
using CsvHelper;

namespace ChiroClick.Api.Import;

/// <summary>What an import did.</summary>
/// <param name="PatientsInFile">Patients read (after <c>limit</c>).</param>
/// <param name="PatientsRegistered">New patient streams (PatientRegistered).</param>
/// <param name="PatientsAlreadyThere">Patients found from an earlier run (nothing re-registered).</param>
/// <param name="VisitsAppended">VisitCompleted events appended.</param>
/// <param name="VisitsAlreadyThere">Encounters skipped because an earlier run imported them.</param>
/// <param name="LifecycleMoves">LifecycleStageChanged events appended (replayed history plus today's sweep).</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record SyntheaImportSummary(int PatientsInFile, int PatientsRegistered, int PatientsAlreadyThere, int VisitsAppended,
    int VisitsAlreadyThere, int LifecycleMoves, TimeSpan Elapsed);

/// <summary>
/// Imports a Synthea CSV export (patients.csv, encounters.csv, providers.csv) into one clinic:
/// <list type="bullet">
/// <item>each patient → PatientRegistered (name without Synthea's numeric suffixes, birth date, address;
/// the US SSN is not a fødselsnummer and is dropped), ExternalId "synthea:&lt;patient id&gt;";</item>
/// <item>each encounter, in time order → VisitCompleted with <c>CompletedAt</c> = the encounter's STOP time
/// (its original time), practitioner = the provider's name, treatment = the encounter description, no
/// ICPC-2 codes (Synthea codes are SNOMED CT), ExternalId "synthea:&lt;encounter id&gt;";</item>
/// <item>lifecycle moves are decided visit by visit as they would have happened (a lapse before a visit is
/// recorded with the visit's time), then a catch-up sweep brings every stage up to date, each move recorded at the
/// time it became due (so history starts no workflow: see <c>Workflows:BackdatedWindow</c>).</item>
/// </list>
/// <b>History keeps its times</b> in the events' data (<c>VisitCompleted.CompletedAt</c>,
/// <c>LifecycleStageChanged.ChangedAt</c>); Marten's own event timestamp records when the import ran, which is
/// what auditors need, and every visit figure is projected from the business time. <b>Idempotent</b>: stream
/// ids are UUIDv5 of the clinic and the Synthea id, so a re-run finds the patient and appends only encounters
/// whose ExternalId is not yet in the stream.
/// </summary>
public static partial class SyntheaImport
{
    /// <summary>Runs the import; writes progress to <paramref name="log"/>. Throws <see cref="InvalidOperationException"/> for an unknown clinic or missing files.</summary>
    public static async Task<SyntheaImportSummary> RunAsync(IDocumentStore store, Guid clinicId, string folder, TimeProvider clock,
        TextWriter log, int? limit = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        foreach (var file in new[] { "patients.csv", "encounters.csv" })
            if (!File.Exists(Path.Combine(folder, file)))
                throw new InvalidOperationException($"{Path.Combine(folder, file)} not found: --from must be a Synthea CSV export folder.");
        var tenant = ApiKeys.TenantOf(clinicId);
        var settings = await Clinics.ClinicSettingsStore.ForRegisteredClinicAsync(store, clinicId, ct);

        var patients = ReadPatients(Path.Combine(folder, "patients.csv"));
        if (limit is { } n) patients = patients.Take(n).ToList();
        var providers = File.Exists(Path.Combine(folder, "providers.csv"))
            ? ReadProviders(Path.Combine(folder, "providers.csv")).ToDictionary(p => p.Id, p => CleanName(p.Name))
            : new Dictionary<string, string>();
        var wanted = patients.Select(p => p.Id).ToHashSet();
        var encounters = ReadEncounters(Path.Combine(folder, "encounters.csv"))
            .Where(e => wanted.Contains(e.Patient))
            .ToLookup(e => e.Patient);

        int registered = 0, existing = 0, appended = 0, skipped = 0, moves = 0, done = 0;
        foreach (var p in patients)
        {
            await using var session = store.LightweightSession(tenant);
            session.LastModifiedBy = "import:synthea";
            session.CorrelationId = $"import-synthea-{clinicId:N}";
            var patientId = DeterministicGuid.Create(clinicId, "synthea:patient:" + p.Id);
            var state = await session.Events.AggregateStreamAsync<Patient>(patientId, token: ct);
            var known = new HashSet<string>();
            var toAppend = new List<object>();
            if (state is null)
            {
                var reg = new PatientRegistered(patientId, $"{CleanName(p.First)} {CleanName(p.Last)}".Trim(), ParseDate(p.Birthdate), null, null, null,
                    string.IsNullOrWhiteSpace(p.Address) ? null : new PostalAddress(p.Address.Trim(), p.Zip ?? "", p.City ?? "", "US"),
                    [], null, "synthea:" + p.Id);
                state = Patient.Create(reg);
                toAppend.Add(reg);
                registered++;
            }
            else
            {
                existing++;
                var events = await session.Events.FetchStreamAsync(patientId, token: ct);
                foreach (var v in events.Select(e => e.Data).OfType<VisitCompleted>())
                    if (v.ExternalId is { } x) known.Add(x);
                state = state with { Version = events.Count };
            }
            var startVersion = state.Version;
            foreach (var e in encounters[p.Id].OrderBy(e => e.Stop ?? e.Start).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                var externalId = "synthea:" + e.Id;
                if (known.Contains(externalId)) { skipped++; continue; }
                var at = ParseTime(e.Stop) ?? ParseTime(e.Start);
                if (at is null) continue;
                var visit = new VisitCompleted(patientId, DeterministicGuid.Create(clinicId, "synthea:encounter:" + e.Id), at.Value,
                    e.Provider is { } pr && providers.TryGetValue(pr, out var name) ? name : null, [], e.Description, externalId);
                var decided = PatientDecisions.RecordVisit(state, visit, settings.CheckInFrequencyDays);
                state = state.Replayed(decided);
                toAppend.AddRange(decided);
                appended++;
                moves += decided.Count(x => x is LifecycleStageChanged);
            }
            if (toAppend.Count > 0)
            {
                if (toAppend[0] is PatientRegistered) session.Events.StartStream<Patient>(patientId, toAppend);
                else session.Events.Append(patientId, startVersion + toAppend.Count, toAppend);
                await session.SaveChangesAsync(ct);
            }
            done++;
            if (done % 10 == 0 || done == patients.Count)
                await log.WriteLineAsync($"  [{done,4}/{patients.Count}] patients, {appended} visits appended, {skipped} already there");
        }

        await using (var sweep = store.LightweightSession(tenant))
        {
            sweep.LastModifiedBy = "import:synthea";
            var swept = await LifecycleSweeper.SweepAsync(sweep, clock.GetUtcNow(), ct, atDueTime: true);
            await sweep.SaveChangesAsync(ct);
            moves += swept.Count;
        }
        return new SyntheaImportSummary(patients.Count, registered, existing, appended, skipped, moves, watch.Elapsed);
    }

    /// <summary>Reads every record of a CSV file with a header as a column-name → value map.</summary>
    private static List<Dictionary<string, string>> ReadRows(string path)
    {
        using var csv = CsvReader.FromFile(path);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < csv.Headers.Count && i < csv.FieldCount; i++) row[csv.Headers[i]] = csv.GetString(i) ?? "";
            rows.Add(row);
        }
        return rows;
    }

    private static string? Field(Dictionary<string, string> row, string name) =>
        row.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static List<SyntheaPatient> ReadPatients(string path) => ReadRows(path).Select(r => new SyntheaPatient
    {
        Id = Field(r, "Id") ?? "", Birthdate = Field(r, "BIRTHDATE"), First = Field(r, "FIRST"), Last = Field(r, "LAST"),
        Address = Field(r, "ADDRESS"), City = Field(r, "CITY"), Zip = Field(r, "ZIP"),
    }).Where(p => p.Id != "").ToList();

    private static List<SyntheaEncounter> ReadEncounters(string path) => ReadRows(path).Select(r => new SyntheaEncounter
    {
        Id = Field(r, "Id") ?? "", Start = Field(r, "START"), Stop = Field(r, "STOP"), Patient = Field(r, "PATIENT") ?? "",
        Provider = Field(r, "PROVIDER"), Description = Field(r, "DESCRIPTION"),
    }).Where(e => e.Id != "").ToList();

    private static List<SyntheaProvider> ReadProviders(string path) => ReadRows(path).Select(r => new SyntheaProvider
    {
        Id = Field(r, "Id") ?? "", Name = Field(r, "NAME"),
    }).ToList();

    /// <summary>Synthea appends digits to generated names ("Alice368"); they are dropped.</summary>
    public static string CleanName(string? value) => string.IsNullOrWhiteSpace(value) ? "" : Digits().Replace(value, "").Trim();

    private static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateTimeOffset? ParseTime(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private sealed class SyntheaPatient
    {
        public string Id { get; set; } = "";
        public string? Birthdate { get; set; }
        public string? First { get; set; }
        public string? Last { get; set; }
        public string? Address { get; set; }
        public string? City { get; set; }
        public string? Zip { get; set; }
    }

    private sealed class SyntheaEncounter
    {
        public string Id { get; set; } = "";
        public string? Start { get; set; }
        public string? Stop { get; set; }
        public string Patient { get; set; } = "";
        public string? Provider { get; set; }
        public string? Description { get; set; }
    }

    private sealed class SyntheaProvider
    {
        public string Id { get; set; } = "";
        public string? Name { get; set; }
    }
}
