using System.Globalization;

namespace ChiroClick.Api.Common;

/// <summary>
/// Parsing of optional query-string values. Endpoints take them as strings, because a typed parameter that
/// cannot be parsed would silently become null and drop the filter; here it is a 400 instead.
/// </summary>
public static class QueryValues
{
    /// <summary>A UUID or null (blank); a 400 problem for anything else.</summary>
    public static IResult? Guid(string? raw, string name, out Guid? value) =>
        Parse(raw, out value, System.Guid.TryParse, () => $"{name} '{raw}' is not a UUID.");

    /// <summary>An ISO-8601 date-time (offset required or UTC assumed) or null; a 400 problem for anything else.</summary>
    public static IResult? Time(string? raw, string name, out DateTimeOffset? value) =>
        Parse(raw, out value, (string s, out DateTimeOffset t) =>
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t),
            () => $"{name} '{raw}' is not an ISO-8601 date-time such as 2025-03-01T08:00:00Z.");

    /// <summary>A calendar date <c>yyyy-MM-dd</c> or null (blank); a 400 problem for anything else.</summary>
    public static IResult? Date(string? raw, string name, out DateOnly? value) =>
        Parse(raw, out value, (string s, out DateOnly d) =>
                DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d),
            () => $"{name} '{raw}' is not a date such as 2025-03-01.");

    /// <summary>true/false or null; a 400 problem for anything else.</summary>
    public static IResult? Bool(string? raw, string name, out bool? value) =>
        Parse(raw, out value, bool.TryParse, () => $"{name} '{raw}' is not true or false.");

    /// <summary>A snake_case wire name of <typeparamref name="TEnum"/> or null (blank); a 400 problem naming the known values for anything else.</summary>
    public static IResult? Enum<TEnum>(string? raw, string name, out TEnum? value) where TEnum : struct, System.Enum =>
        Parse(raw, out value, Domain.Common.WireName.TryParse,
            () => $"Unknown {name} '{raw}'; use one of {Domain.Common.WireName.Known<TEnum>()}.");

    /// <summary>An integer or null; a 400 problem for anything else.</summary>
    public static IResult? Int(string? raw, string name, out int? value) =>
        Parse(raw, out value, (string s, out int i) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out i),
            () => $"{name} '{raw}' is not a whole number.");

    private delegate bool TryParser<T>(string raw, out T value);

    // Blank is "no filter" (null, no problem); anything else must parse, or the caller answers the 400 returned here.
    private static IResult? Parse<T>(string? raw, out T? value, TryParser<T> tryParse, Func<string> problem) where T : struct
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (tryParse(raw, out var parsed)) { value = parsed; return null; }
        return Problems.BadRequest(problem());
    }
}
