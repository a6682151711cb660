using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Dispatch.Projections;

namespace Dispatch.Api.Feed;

/// <summary>CloudEvents 1.0 in structured-mode JSON as bytes on the wire (the broker body): attributes and the contract (as <c>data</c>) in one document.</summary>
public static class StructuredCloudEvent
{
    public const string ContentType = "application/cloudevents+json";

    // The contract in data is written the way the rest of the API writes JSON (camelCase, ISO-8601 instants).
    private static readonly JsonEventFormatter Formatter = new(DispatchJson.Options, default);

    public static byte[] Encode(CloudEvent cloudEvent) =>
        Formatter.EncodeStructuredModeMessage(cloudEvent, out ContentType _).ToArray();

    public static string ToJson(CloudEvent cloudEvent) => System.Text.Encoding.UTF8.GetString(Encode(cloudEvent));

    public static System.Text.Json.Nodes.JsonObject ToNode(CloudEvent cloudEvent) =>
        System.Text.Json.Nodes.JsonNode.Parse(Encode(cloudEvent))!.AsObject();

    public static CloudEvent Decode(ReadOnlyMemory<byte> body, params CloudEventAttribute[] extensions) =>
        Formatter.DecodeStructuredModeMessage(body, new ContentType(ContentType), extensions);
}
