using System.Text.Json;
using System.Text.Json.Serialization;
using ChiroClick.Domain.Common;

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

    /// <summary>Snake-case wire name of an enum value, as the converter writes it (<see cref="WireName.Of{TEnum}"/>).</summary>
    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum => WireName.Of(value);

    /// <summary>Parses a snake_case wire name (<see cref="WireName.TryParse{TEnum}"/>).</summary>
    public static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum => WireName.TryParse(wire, out value);

    /// <summary>All wire names of an enum, for error messages (<see cref="WireName.Known{TEnum}"/>).</summary>
    public static string Known<TEnum>() where TEnum : struct, Enum => WireName.Known<TEnum>();
}
