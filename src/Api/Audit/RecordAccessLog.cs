using System.Security.Claims;
using ChiroClick.Api.Access;
using Npgsql;

namespace ChiroClick.Api.Audit;

/// <summary>
/// The access log: who read which personal data, when, with which key and role, through which route, with
/// which outcome, and which patients and leads the answer held. Rows live in <c>chiroclick.record_access_log</c>,
/// which a trigger makes append-only (UPDATE, DELETE and TRUNCATE raise an error), and the API has no route that
/// changes them. Every authenticated GET except <see cref="AccessLogPolicy.NotLogged"/> is logged by
/// <see cref="AccessLogMiddleware"/> <b>before</b> its body is sent; if it cannot be logged the request fails
/// (503): no unlogged read. CLI exports log themselves (<see cref="AppendCliAsync"/>). Query-string
/// <b>values</b> are never stored (a phone number searched for is personal data), only parameter names.
/// </summary>
public sealed class RecordAccessLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Role recorded when the principal carries no role claim (keys issued before roles existed act as admin).</summary>
    public const string DefaultRole = "admin";

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
        -- Added with the complete access log; "query" is no longer written (values may be personal data).
        alter table chiroclick.record_access_log add column if not exists role text;
        alter table chiroclick.record_access_log add column if not exists route text;
        alter table chiroclick.record_access_log add column if not exists status integer;
        alter table chiroclick.record_access_log add column if not exists query_parameters text[];
        alter table chiroclick.record_access_log add column if not exists patient_ids uuid[];
        alter table chiroclick.record_access_log add column if not exists lead_ids uuid[];
        alter table chiroclick.record_access_log add column if not exists row_count integer;
        create index if not exists ix_record_access_log_tenant on chiroclick.record_access_log (tenant_id, id);
        create index if not exists ix_record_access_log_patients on chiroclick.record_access_log using gin (patient_ids);
        create index if not exists ix_record_access_log_leads on chiroclick.record_access_log using gin (lead_ids);
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

    /// <summary>Creates the table, its columns and its append-only triggers (idempotent).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Ddl);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends one HTTP read: who from the principal, what from the request, plus the outcome.</summary>
    public Task AppendAsync(HttpContext http, string route, int status, AccessedRecords records, CancellationToken ct)
    {
        var user = http.User;
        return InsertAsync(
            user.FindFirstValue(ApiKeyAuthentication.ClinicClaim) ?? "",
            user.Identity?.Name ?? "",
            RoleOf(user),
            user.FindFirstValue(ApiKeyAuthentication.KeyPrefixClaim) ?? "",
            http.Request.Method,
            http.Request.Path.Value ?? "",
            route,
            status,
            http.Request.Query.Keys.Order(StringComparer.Ordinal).ToArray(),
            http.GetRouteValue("id")?.ToString(),
            System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
            records, ct);
    }

    /// <summary>
    /// Appends one CLI export (<c>export csv</c>, <c>training export</c>): user <c>cli:&lt;OS user&gt;</c>, role
    /// admin (the CLI holds the database credentials), method <c>CLI</c>, route = the command. Creates the
    /// schema first, because CLI hosts run no start-up services. <paramref name="tenantId"/> "*" = every clinic.
    /// </summary>
    public async Task AppendCliAsync(string tenantId, string command, AccessedRecords records, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await InsertAsync(tenantId, "cli:" + Environment.UserName, DefaultRole, "", "CLI", command, command, 0, [], null,
            System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"), records, ct);
    }

    /// <summary>The principal's role claim (<c>role</c> or <see cref="ClaimTypes.Role"/>), else <see cref="DefaultRole"/>.</summary>
    public static string RoleOf(ClaimsPrincipal user) =>
        user.FindFirst(c => c.Type is "role" or ClaimTypes.Role)?.Value ?? DefaultRole;

    private async Task InsertAsync(string tenant, string userName, string role, string keyPrefix, string method, string path, string route,
        int status, string[] queryParameters, string? recordId, string correlationId, AccessedRecords records, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            insert into chiroclick.record_access_log
                (accessed_at, tenant_id, user_name, role, key_prefix, method, path, route, status, query_parameters,
                 record_id, patient_ids, lead_ids, row_count, correlation_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """);
        object[] values = [clock.GetUtcNow(), tenant, userName, role, keyPrefix, method, path, route, status, queryParameters,
            (object?)recordId ?? DBNull.Value, records.PatientIds.ToArray(), records.LeadIds.ToArray(), records.RowCount, correlationId];
        foreach (var value in values) cmd.Parameters.AddWithValue(value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Reads the clinic's log, ascending id, keyset-paged. <paramref name="recordId"/> matches the route's id
    /// as well as any patient or lead id the answer held ("who has seen this patient?").
    /// </summary>
    public async Task<IReadOnlyList<RecordAccess>> ReadAsync(string tenantId, string? userName, string? recordId,
        DateTimeOffset? from, DateTimeOffset? to, long after, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            select id, accessed_at, user_name, coalesce(role, 'admin'), key_prefix, method, path, coalesce(route, path), status,
                   coalesce(query_parameters, '{}'), record_id, coalesce(patient_ids, '{}'), coalesce(lead_ids, '{}'), row_count, correlation_id
            from chiroclick.record_access_log
            where tenant_id = $1 and id > $2
              and ($3::text is null or user_name = $3)
              and ($4::text is null or record_id = $4
                   or ($8::uuid is not null and (patient_ids @> array[$8::uuid] or lead_ids @> array[$8::uuid])))
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
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = Guid.TryParse(recordId, out var g) ? g : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid,
        });
        var rows = new List<RecordAccess>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RecordAccess(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.GetFieldValue<string[]>(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetFieldValue<Guid[]>(11), reader.GetFieldValue<Guid[]>(12),
                reader.IsDBNull(13) ? null : reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetString(14)));
        }
        return rows;
    }
}

/// <summary>
/// One logged read: when (UTC), who (user, role, key prefix), what (method, path, route template, names of the
/// query parameters, the route's id), the status, the patients and leads the answer held, its row count
/// (items of a list, 1 for one record, lines of JSON Lines; null for rows logged before these columns existed),
/// and the correlation id (the W3C trace id).
/// </summary>
public sealed record RecordAccess(long Id, DateTimeOffset AccessedAt, string UserName, string Role, string KeyPrefix, string Method,
    string Path, string Route, int? Status, IReadOnlyList<string> QueryParameters, string? RecordId, IReadOnlyList<Guid> PatientIds,
    IReadOnlyList<Guid> LeadIds, int? RowCount, string? CorrelationId);

/// <summary>What one read returned: the patient and lead ids found in the answer and its row count.</summary>
public sealed record AccessedRecords(IReadOnlyCollection<Guid> PatientIds, IReadOnlyCollection<Guid> LeadIds, int RowCount)
{
    /// <summary>Nothing returned.</summary>
    public static readonly AccessedRecords None = new([], [], 0);
}

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

    /// <summary>Logs every authenticated GET not on <see cref="AccessLogPolicy.NotLogged"/> before its body is sent.</summary>
    public static void UseRecordAccessLog(this WebApplication app) => app.UseMiddleware<AccessLogMiddleware>();

    private sealed class RecordAccessLogSchema(RecordAccessLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => log.EnsureSchemaAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
