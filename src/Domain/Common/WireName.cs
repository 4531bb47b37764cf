using System.Text.Json;

namespace ChiroClick.Domain.Common;

/// <summary>
/// The one snake_case "wire name" of an enum value: what the JSON converter writes (HTTP and event store), what
/// configuration keys, CSV columns, training lines and messages use (<c>consultation_booked</c>, <c>soap_norwegian</c>).
/// </summary>
public static class WireName
{
    /// <summary>Snake-case name of <paramref name="value"/> ("at_risk" for <c>AtRisk</c>).</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a wire name (case-insensitive, trimmed); false for anything else, numbers included.</summary>
    public static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), wire?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>All wire names of an enum in declaration order, for error messages: "new, contacted, ...".</summary>
    public static string Known<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(v => Of(v)));
}
