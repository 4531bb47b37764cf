using System.Globalization;

namespace ChiroClick.Api.Common;

/// <summary>
/// Parsing of optional query-string values. Endpoints take them as strings, because a typed parameter that
/// cannot be parsed would silently become null and drop the filter; here it is a 400 instead.
/// </summary>
public static class QueryValues
{
    /// <summary>A UUID or null (blank); a 400 problem for anything else.</summary>
    public static IResult? Guid(string? raw, string name, out Guid? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (System.Guid.TryParse(raw, out var g)) { value = g; return null; }
        return Problems.BadRequest($"{name} '{raw}' is not a UUID.");
    }

    /// <summary>An ISO-8601 date-time (offset required or UTC assumed) or null; a 400 problem for anything else.</summary>
    public static IResult? Time(string? raw, string name, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) { value = t; return null; }
        return Problems.BadRequest($"{name} '{raw}' is not an ISO-8601 date-time such as 2025-03-01T08:00:00Z.");
    }

    /// <summary>A calendar date <c>yyyy-MM-dd</c> or null (blank); a 400 problem for anything else.</summary>
    public static IResult? Date(string? raw, string name, out DateOnly? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) { value = d; return null; }
        return Problems.BadRequest($"{name} '{raw}' is not a date such as 2025-03-01.");
    }

    /// <summary>true/false or null; a 400 problem for anything else.</summary>
    public static IResult? Bool(string? raw, string name, out bool? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (bool.TryParse(raw, out var b)) { value = b; return null; }
        return Problems.BadRequest($"{name} '{raw}' is not true or false.");
    }

    /// <summary>A snake_case wire name of <typeparamref name="TEnum"/> or null (blank); a 400 problem naming the known values for anything else.</summary>
    public static IResult? Enum<TEnum>(string? raw, string name, out TEnum? value) where TEnum : struct, System.Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (Domain.Common.WireName.TryParse<TEnum>(raw, out var v)) { value = v; return null; }
        return Problems.BadRequest($"Unknown {name} '{raw}'; use one of {Domain.Common.WireName.Known<TEnum>()}.");
    }

    /// <summary>An integer or null; a 400 problem for anything else.</summary>
    public static IResult? Int(string? raw, string name, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) { value = i; return null; }
        return Problems.BadRequest($"{name} '{raw}' is not a whole number.");
    }
}
