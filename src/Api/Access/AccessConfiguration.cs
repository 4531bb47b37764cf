using Microsoft.AspNetCore.Authentication;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;

namespace ChiroClick.Api.Access;

/// <summary>Registration of API-key authentication and of the clinics' API keys in Marten.</summary>
public static class AccessConfiguration
{
    /// <summary>
    /// The inline <see cref="ApiKeyRecord"/> read model (single-tenanted: the key lookup is what finds the tenant, so it cannot
    /// itself be tenanted), the per-key usage documents and the clinic/key events.
    /// </summary>
    public static void ConfigureAccess(this StoreOptions opts)
    {
        opts.AddInline<ApiKeyProjection>();
        opts.Schema.For<ApiKeyRecord>().SingleTenanted().Index(x => x.ClinicId);
        opts.Schema.For<ApiKeyUsage>().SingleTenanted();
        opts.Events.AddEventTypes([typeof(ClinicRegistered), typeof(ApiKeyRevoked)]);
    }

    /// <summary>Adds the API-key scheme as default and an authorisation policy requiring it.</summary>
    public static IServiceCollection AddChiroClickAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ApiKeyUsageTracker>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ForbiddenRoleResponder>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
