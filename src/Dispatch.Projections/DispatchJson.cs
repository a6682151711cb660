using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Dispatch.Projections;

/// <summary>
/// One JSON shape for events, documents and HTTP: camelCase, NodaTime as ISO-8601, enums as kebab-case
/// strings. Marten, Wolverine and the HTTP layer all call <see cref="Configure"/>.
/// </summary>
public static class DispatchJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        // Replace whatever enum converter a host added (Marten adds its own) so every layer writes "en-route".
        foreach (var existing in options.Converters.OfType<JsonStringEnumConverter>().ToList())
            options.Converters.Remove(existing);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>An enum value as every layer writes it, e.g. <c>level-2</c>.</summary>
    public static string EnumName<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, Options).Trim('"');
}
