using System.Text.RegularExpressions;
using ChiroClick.Api.Access;
using ChiroClick.Api.Tools;
using ChiroClick.Tests.Access;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Tools;

public sealed class ClinicsCommandTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_clinics_command_issues_lists_and_revokes_keys()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Task<bool> Run(string action, string user = "", string role = "", int? days = null) => ClinicsCommand.RunAsync(
            new ClinicsInput { Action = action, Clinic = Clinic.Id.ToString(), User = user, RoleFlag = role, ExpiresInDaysFlag = days },
            Store, Fixture.Clock, output, error);

        (await Run("key", "analytiker", "analyst", 30)).ShouldBeTrue();
        var key = Regex.Match(output.ToString(), @"cc_[A-Za-z0-9_-]{43}").Value;
        output.ToString().ShouldContain("role analyst");
        (await Host.StatusOf(key, "/api/v1/crm/overview")).ShouldBe(200);
        (await Host.StatusOf(key, "/api/v1/patients")).ShouldBe(403);

        (await Run("key", "nobody", "")).ShouldBeFalse();
        error.ToString().ShouldContain("--role");
        (await Run("key", "nobody", "superuser")).ShouldBeFalse();
        (await Run("key", "nobody", "clinician", 0)).ShouldBeFalse();

        output.GetStringBuilder().Clear();
        (await Run("keys")).ShouldBeTrue();
        var listing = output.ToString();
        listing.ShouldContain(ApiKeys.PrefixOf(key));
        listing.ShouldContain("analytiker");
        listing.ShouldContain("analyst");
        listing.ShouldContain(Clinic.User);
        listing.ShouldNotContain(key);

        (await Run("revoke", ApiKeys.PrefixOf(key))).ShouldBeTrue();
        (await Run("revoke", "cc_zzzzz")).ShouldBeFalse();
        await Task.Delay(ApiKeyAuthentication.CacheLifetime + TimeSpan.FromMilliseconds(100));
        (await Host.StatusOf(key, "/api/v1/crm/overview")).ShouldBe(401);
        output.GetStringBuilder().Clear();
        (await Run("keys")).ShouldBeTrue();
        output.ToString().ShouldContain("revoked");
    }
}
