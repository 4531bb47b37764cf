using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// The one JSON convention of the API and the event store: camelCase properties and snake_case enum
/// values (<c>consultation_booked</c>, <c>at_risk</c>, <c>accepted_as_is</c>).
/// </summary>
public static class ChiroJson
{
    /// <summary>Applies the convention to a set of System.Text.Json options.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Marten registers its own (PascalCase) enum converter first; ours must be the only one.
        foreach (var existing in options.Converters.OfType<JsonStringEnumConverter>().ToList()) options.Converters.Remove(existing);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>Snake-case wire name of an enum value, as the converter writes it.</summary>
    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a snake_case wire name (case-insensitive); false for anything else, numbers included.</summary>
    public static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Wire(candidate), wire?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>All wire names of an enum, for error messages: "new, contacted, ...".</summary>
    public static string Known<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => Wire(v)));
}
