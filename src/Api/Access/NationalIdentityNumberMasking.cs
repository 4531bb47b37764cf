using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Access;

/// <summary>
/// Need-to-know for the fødselsnummer: keys whose role is neither admin nor clinician see every
/// <c>nationalIdentityNumber</c> in a JSON answer masked to its last five digits (<c>******12345</c>).
/// It works on the answer, not on each endpoint's types, so it also covers places where the number travels
/// as plain JSON (the audit trail's event data) and answers added later.
/// </summary>
/// <remarks>
/// Only those roles pay for it: their JSON answers (<c>application/json</c>, <c>*+json</c>) are buffered and,
/// when the property name occurs at all, rewritten. Other bodies (JSON Lines, server-sent events, HTML, CSV)
/// pass through unbuffered, decided at the first write when the content type is known.
/// </remarks>
public static class NationalIdentityNumberMasking
{
    /// <summary>The JSON property masked.</summary>
    public const string Property = "nationalIdentityNumber";

    private static readonly byte[] PropertyUtf8 = Encoding.UTF8.GetBytes('"' + Property + '"');

    /// <summary>True when a key of <paramref name="role"/> sees the number unmasked.</summary>
    public static bool SeesFullNumber(string? role) =>
        role == ChiroJson.Wire(KeyRole.Admin) || role == ChiroJson.Wire(KeyRole.Clinician);

    /// <summary><c>******</c> followed by the last five digits (fewer when the value is shorter).</summary>
    public static string Mask(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).ToArray();
        return "******" + new string(digits[Math.Max(0, digits.Length - 5)..]);
    }

    /// <summary>Adds the middleware; place it after authentication.</summary>
    public static void UseNationalIdentityNumberMasking(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated != true || SeesFullNumber(http.User.FindFirstValue(ClaimTypes.Role)))
        {
            await next(http);
            return;
        }
        var original = http.Response.Body;
        await using var masking = new MaskingStream(http.Response, original);
        http.Response.Body = masking;
        try
        {
            await next(http);
            // Bytes still in the body's pipe writer (JSON serialised to BodyWriter) reach the buffer first.
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            await masking.CompleteAsync(http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }
    });

    /// <summary>Rewrites every <see cref="Property"/> string value in a JSON document; returns null when there is none.</summary>
    public static byte[]? MaskJson(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf(PropertyUtf8) < 0) return null;
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException) { return null; }
        if (!MaskNode(root)) return null;
        return JsonSerializer.SerializeToUtf8Bytes(root, Relaxed);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool MaskNode(JsonNode? node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (string.Equals(name, Property, StringComparison.OrdinalIgnoreCase) &&
                        value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        obj[name] = Mask(s);
                        changed = true;
                    }
                    else changed |= MaskNode(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) changed |= MaskNode(item);
                break;
        }
        return changed;
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Buffers JSON answers until the end, passes anything else straight through.</summary>
    private sealed class MaskingStream(HttpResponse response, Stream inner) : Stream
    {
        private MemoryStream? _buffer;
        private bool _decided;

        private Stream Target()
        {
            if (!_decided)
            {
                _decided = true;
                if (IsJson(response.ContentType)) _buffer = new MemoryStream();
            }
            return _buffer ?? inner;
        }

        public async Task CompleteAsync(CancellationToken ct)
        {
            if (_buffer is null) return;
            var bytes = _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);
            var masked = MaskJson(bytes.Span);
            _buffer = null;
            if (masked is not null)
            {
                response.ContentLength = masked.Length;
                await inner.WriteAsync(masked, ct);
            }
            else await inner.WriteAsync(bytes, ct);
        }

        public override void Write(byte[] buffer, int offset, int count) => Target().Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => Target().Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Target().WriteAsync(buffer, offset, count, ct);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => Target().WriteAsync(buffer, ct);
        public override void Flush() { if (_buffer is null && _decided) inner.Flush(); }
        public override Task FlushAsync(CancellationToken ct) => _buffer is null && _decided ? inner.FlushAsync(ct) : Task.CompletedTask;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
