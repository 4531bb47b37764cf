using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ChiroClick.Api.Infrastructure;

/// <summary>One XML element of the ASP.NET Core Data Protection key ring (a key or a revocation), stored in PostgreSQL.</summary>
public sealed class DataProtectionKeyDocument
{
    /// <summary>Data Protection's friendly name of the element (e.g. <c>key-&lt;guid&gt;</c>), or a new id when it gives none.</summary>
    public string Id { get; set; } = "";
    /// <summary>The element as Data Protection wrote it (encrypted with the certificate when one is configured).</summary>
    public string Xml { get; set; } = "";
}

/// <summary>
/// Data Protection's <see cref="IXmlRepository"/> on a Marten document table (<c>mt_doc_dataprotectionkeydocument</c>,
/// single-tenanted), so every API node and every restart shares one key ring: an opt-out link or webhook secret protected by
/// one process is readable by every other on the same database. Data Protection calls this synchronously and caches the
/// ring, re-reading it when a key is due or an unknown key id turns up.
/// </summary>
public sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        // Data Protection's repository contract is synchronous and Marten 9 is async-only; ASP.NET Core has no
        // synchronisation context to deadlock on, and the ring is read rarely (cached, refreshed about daily).
        var documents = session.Query<DataProtectionKeyDocument>().ToListAsync().GetAwaiter().GetResult();
        return documents.Select(d => XElement.Parse(d.Xml)).ToList();
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        // Elements are immutable once written; a name clash (never expected) must not overwrite a key: insert only.
        session.Insert(new DataProtectionKeyDocument
        {
            Id = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString() : friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

/// <summary>Settings of config section <c>DataProtection</c>.</summary>
public sealed class DataProtectionSettings
{
    /// <summary>
    /// Optional PKCS#12 (.pfx) certificate whose public key encrypts every key of the ring before it is stored; without it keys
    /// sit in PostgreSQL unencrypted, protected by the database's own access control and backups' encryption (docs/operations.md).
    /// </summary>
    public string? CertificatePath { get; set; }
    /// <summary>Password of <see cref="CertificatePath"/>, or null.</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>Registration of ASP.NET Core Data Protection with the key ring in PostgreSQL.</summary>
public static class DataProtectionKeyRing
{
    /// <summary>Data Protection's application name: keys are shared only between processes using the same one.</summary>
    public const string ApplicationName = "ChiroClick";

    /// <summary>
    /// Adds Data Protection (application name <see cref="ApplicationName"/>) with the key ring in PostgreSQL
    /// (<see cref="MartenXmlRepository"/>), and, when <c>DataProtection:CertificatePath</c> is set, keys encrypted at rest with
    /// that certificate. A configured certificate that is missing or unreadable fails at start-up.
    /// </summary>
    public static IServiceCollection AddChiroClickDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataProtectionSettings>().Bind(configuration.GetSection("DataProtection"))
            .Validate(s => s.CertificatePath is not { Length: > 0 } path || File.Exists(path),
                "DataProtection:CertificatePath names a file that does not exist.")
            .ValidateOnStart();
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        var settings = configuration.GetSection("DataProtection").Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        if (settings.CertificatePath is { Length: > 0 } certificatePath && File.Exists(certificatePath))
            builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificatePath, settings.CertificatePassword,
                X509KeyStorageFlags.EphemeralKeySet));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new MartenXmlRepository(sp.GetRequiredService<IDocumentStore>())));
        return services;
    }

    /// <summary>The key ring document is global (one ring for every clinic), not tenanted.</summary>
    public static void ConfigureDataProtectionKeys(this StoreOptions opts) =>
        opts.Schema.For<DataProtectionKeyDocument>().SingleTenanted();
}
