using System.Security.Claims;
using ChiroClick.Api.Access;
using Npgsql;

namespace ChiroClick.Api.Audit;

/// <summary>
/// The record-access log: who read which patient record, AI suggestion, training export or audit trail,
/// when, and with which key. Rows live in <c>chiroclick.record_access_log</c>, which a trigger makes
/// append-only (UPDATE, DELETE and TRUNCATE raise an error), and the API has no route that changes them.
/// An access is logged <b>before</b> the data is served; if it cannot be logged the request fails (503):
/// no unlogged read.
/// </summary>
public sealed class RecordAccessLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Path prefixes whose reads are logged.</summary>
    public static readonly string[] AuditedPrefixes =
    [
        "/api/v1/patients", "/api/v1/crm/lifecycle/", "/api/v1/ai/suggestions", "/api/v1/training/export", "/api/v1/audit/",
        "/api/v1/privacy/subjects/",
    ];

    internal const string Ddl = """
        create schema if not exists chiroclick;
        create table if not exists chiroclick.record_access_log (
            id             bigserial primary key,
            accessed_at    timestamptz not null,
            tenant_id      text not null,
            user_name      text not null,
            key_prefix     text not null,
            method         text not null,
            path           text not null,
            query          text,
            record_id      text,
            correlation_id text
        );
        create index if not exists ix_record_access_log_tenant on chiroclick.record_access_log (tenant_id, id);
        create or replace function chiroclick.record_access_log_append_only() returns trigger language plpgsql as $$
        begin
            raise exception 'record_access_log is append-only (% refused)', tg_op;
        end $$;
        drop trigger if exists record_access_log_append_only on chiroclick.record_access_log;
        create trigger record_access_log_append_only before update or delete on chiroclick.record_access_log
            for each row execute function chiroclick.record_access_log_append_only();
        drop trigger if exists record_access_log_no_truncate on chiroclick.record_access_log;
        create trigger record_access_log_no_truncate before truncate on chiroclick.record_access_log
            for each statement execute function chiroclick.record_access_log_append_only();
        """;

    /// <summary>Creates the table and its append-only triggers (idempotent).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Ddl);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends one access.</summary>
    public async Task AppendAsync(HttpContext http, CancellationToken ct)
    {
        var user = http.User;
        await using var cmd = dataSource.CreateCommand("""
            insert into chiroclick.record_access_log
                (accessed_at, tenant_id, user_name, key_prefix, method, path, query, record_id, correlation_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(user.FindFirstValue(ApiKeyAuthentication.ClinicClaim) ?? "");
        cmd.Parameters.AddWithValue(user.Identity?.Name ?? "");
        cmd.Parameters.AddWithValue(user.FindFirstValue(ApiKeyAuthentication.KeyPrefixClaim) ?? "");
        cmd.Parameters.AddWithValue(http.Request.Method);
        cmd.Parameters.AddWithValue(http.Request.Path.Value ?? "");
        cmd.Parameters.AddWithValue((object?)NullIfEmpty(http.Request.QueryString.Value) ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)http.GetRouteValue("id")?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reads the clinic's log, ascending id, keyset-paged.</summary>
    public async Task<IReadOnlyList<RecordAccess>> ReadAsync(string tenantId, string? userName, string? recordId,
        DateTimeOffset? from, DateTimeOffset? to, long after, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            select id, accessed_at, user_name, key_prefix, method, path, query, record_id, correlation_id
            from chiroclick.record_access_log
            where tenant_id = $1 and id > $2
              and ($3::text is null or user_name = $3)
              and ($4::text is null or record_id = $4)
              and ($5::timestamptz is null or accessed_at >= $5)
              and ($6::timestamptz is null or accessed_at < $6)
            order by id
            limit $7
            """);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(after);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)userName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)recordId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(limit);
        var rows = new List<RecordAccess>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RecordAccess(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return rows;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

/// <summary>One logged read: when (UTC), who (user, key prefix), what (method, path, query, record id), correlation id.</summary>
public sealed record RecordAccess(long Id, DateTimeOffset AccessedAt, string UserName, string KeyPrefix, string Method, string Path,
    string? Query, string? RecordId, string? CorrelationId);

/// <summary>Wiring of the access log: schema at start-up, and the middleware that logs audited reads.</summary>
public static class RecordAccessLogConfiguration
{
    /// <summary>Registers the log, its data source and the schema set-up.</summary>
    public static IServiceCollection AddRecordAccessLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(configuration.GetConnectionString(Infrastructure.MartenConfiguration.ConnectionStringName)!));
        services.AddSingleton<RecordAccessLog>();
        services.AddHostedService<RecordAccessLogSchema>();
        return services;
    }

    /// <summary>Logs every authenticated GET under <see cref="RecordAccessLog.AuditedPrefixes"/> before it is served.</summary>
    public static void UseRecordAccessLog(this WebApplication app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value ?? "";
        if (HttpMethods.IsGet(http.Request.Method) && http.User.Identity?.IsAuthenticated == true &&
            RecordAccessLog.AuditedPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                await http.RequestServices.GetRequiredService<RecordAccessLog>().AppendAsync(http, http.RequestAborted);
            }
            catch (NpgsqlException ex)
            {
                http.RequestServices.GetRequiredService<ILogger<RecordAccessLog>>().LogError(ex, "Access to {Path} could not be logged; refused", path);
                await Results.Problem(statusCode: 503, title: "Access log unavailable",
                    detail: "This read must be logged before it is served, and the log is unavailable. Retry shortly.").ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    private sealed class RecordAccessLogSchema(RecordAccessLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => log.EnsureSchemaAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
