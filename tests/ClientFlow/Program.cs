using ChiroClick.Client;
using ChiroClick.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

// The flow of the README's "Try it", through the generated client: capture a lead, move it, convert it, record a
// visit for the new patient, read the pipeline. Usage: ChiroClick.ClientFlow <baseUrl> <apiKey>. Exit 0 = every step
// answered as documented; any other exit prints the step that failed.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ChiroClick.ClientFlow <baseUrl> <apiKey>");
    return 2;
}
// Kiota's ApiKeyAuthenticationProvider refuses plain http; the test server listens on loopback http, so the key goes
// on the HttpClient instead (a clinic's deployment is https and can use the provider).
using var http = new HttpClient();
http.DefaultRequestHeaders.Add("X-Api-Key", args[1]);
var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = args[0] };
var client = new ChiroClickClient(adapter);

var lead = await client.Api.V1.Crm.Leads.PostAsync(new CaptureLead
{
    FullName = "Kari Nordmann", Phone = "+47 99 88 77 66", Source = LeadSource.Referral, Complaint = "Korsryggsmerter i tre uker",
});
var leadId = lead?.Id ?? throw new InvalidOperationException("captureLead: no id");
Console.WriteLine($"captureLead: {leadId} stage {lead.Stage} score {lead.Score}");

var read = await client.Api.V1.Crm.Leads[leadId].GetAsync() ?? throw new InvalidOperationException("getLead: no body");
var moved = await client.Api.V1.Crm.Leads[leadId].PutAsync(new UpdateLead { ExpectedVersion = read.Version, Stage = LeadStage.Consultation_booked })
            ?? throw new InvalidOperationException("updateLead: no body");
if (moved.Stage != LeadStage.Consultation_booked) throw new InvalidOperationException($"updateLead: stage {moved.Stage}");
Console.WriteLine($"updateLead: stage {moved.Stage} version {moved.Version}");

var conversion = await client.Api.V1.Crm.Leads[leadId].Convert.PostAsync(new ConvertLead { ExpectedVersion = moved.Version })
                 ?? throw new InvalidOperationException("convertLead: no body");
var patientId = conversion.PatientId ?? throw new InvalidOperationException("convertLead: no patientId");
Console.WriteLine($"convertLead: patient {patientId}");

var visit = await client.Api.V1.Patients[patientId].Visits.PostAsync(new RecordVisit { Practitioner = "Dr. Berg", Icpc2Codes = ["L03"] })
            ?? throw new InvalidOperationException("recordVisit: no body");
Console.WriteLine($"recordVisit: {visit.VisitId} stage {visit.Stage}");

// The pipeline is an async projection: poll briefly until it counts the converted lead.
for (var attempt = 0; ; attempt++)
{
    var pipeline = await client.Api.V1.Crm.Leads.Pipeline.GetAsync() ?? throw new InvalidOperationException("getLeadPipeline: no body");
    if (pipeline.TotalLeads >= 1 && pipeline.Stages?.Any(s => s.Stage == LeadStage.Converted && s.Count >= 1) == true)
    {
        Console.WriteLine($"getLeadPipeline: {pipeline.TotalLeads} leads, conversion rate {pipeline.ConversionRate}");
        return 0;
    }
    if (attempt >= 60) throw new InvalidOperationException("getLeadPipeline: the converted lead never showed");
    await Task.Delay(500);
}
