using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Dispatch.Projections;

namespace Dispatch.Api.Feed;

/// <summary>CloudEvents 1.0 structured-mode JSON, the contract data written as every other answer (camelCase, NodaTime ISO, kebab enums).</summary>
public static class CloudEventJson
{
    public static readonly JsonEventFormatter Formatter = new(DispatchJson.Options, new JsonDocumentOptions());

    public static string ToJson(CloudEvent cloudEvent) =>
        System.Text.Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span);

    public static JsonObject ToNode(CloudEvent cloudEvent) => JsonNode.Parse(ToJson(cloudEvent))!.AsObject();
}
