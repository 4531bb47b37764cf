using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChiroClick.Tests.Campaigns;

/// <summary>The Data Protection key ring in PostgreSQL: links signed by one process validate in others on the same database.</summary>
public class DataProtectionKeyRingTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>A second process as far as Data Protection goes: its own container, key ring cache and Marten store, same database.</summary>
    private static IHost SecondHost()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [OptOutLinks.PublicBaseUrlSetting] = "https://klinikk.example.no" });
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;
        builder.Services.AddMarten(o => o.ConfigureChiroClickStore(connection));
        builder.Services.AddChiroClickDataProtection(builder.Configuration);
        builder.Services.AddOptions<CampaignsOptions>().Bind(builder.Configuration.GetSection(CampaignsOptions.Section));
        builder.Services.AddSingleton<OptOutLinks>();
        return builder.Build();
    }

    private static string Token(string url) => url[(url.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task An_opt_out_link_signed_by_one_host_validates_in_a_second_host_and_after_a_restart()
    {
        var (campaign, patient) = (Guid.NewGuid(), Guid.NewGuid());
        var first = Token(Host.Services.GetRequiredService<OptOutLinks>().UrlFor(Clinic.Id, campaign, patient)!);

        // The key that protected it is stored in PostgreSQL (the payload starts with a 4-byte magic header and the key id).
        var keyId = new Guid(WebEncoders.Base64UrlDecode(first).AsSpan(4, 16));
        await using (var session = Store.QuerySession())
        {
            var ring = await session.Query<DataProtectionKeyDocument>().ToListAsync();
            ring.ShouldContain(d => d.Xml.Contains($"id=\"{keyId}\""), $"key {keyId} is in mt_doc_dataprotectionkeydocument");
        }

        string second;
        using (var other = SecondHost())
        {
            var links = other.Services.GetRequiredService<OptOutLinks>();
            links.Read(first).ShouldBe(new OptOutToken(Clinic.Id, campaign, patient));
            second = Token(links.UrlFor(Clinic.Id, campaign, Guid.Empty)!);
        }

        // "Restart": a fresh process reads both, and so does the API host.
        using var restarted = SecondHost();
        restarted.Services.GetRequiredService<OptOutLinks>().Read(first).ShouldBe(new OptOutToken(Clinic.Id, campaign, patient));
        restarted.Services.GetRequiredService<OptOutLinks>().Read(second).ShouldBe(new OptOutToken(Clinic.Id, campaign, Guid.Empty));
        Host.Services.GetRequiredService<OptOutLinks>().Read(second).ShouldNotBeNull();
        restarted.Services.GetRequiredService<OptOutLinks>().Read(first[..^2] + "AA").ShouldBeNull("altered tokens still fail");
    }
}
