using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.Feed;

/// <summary>Describes the feed's query parameters in the OpenAPI document, with examples, and shows an example page.</summary>
public static class FeedDocumentation
{
    private static readonly Dictionary<string, (string Description, string Example)> Parameters = new()
    {
        ["after"] = ("The cursor: the global event sequence to read after (exclusive); 0 or absent from the start. Use the page's `next` or the last SSE `id`.", "4217"),
        ["limit"] = ($"At most this many items, 1 to {GetFeedEndpoint.MaxLimit}; default {GetFeedEndpoint.DefaultLimit}.", "100"),
        ["types"] = ("Contract names, comma-separated (see GET /feed/contracts); default every contract granted. Naming one not granted is a 403.", "incident.reported.v1,unit.dispatched.v1"),
        ["grid"] = ("Only items of this grid, and county-wide items (no grid).", "7"),
    };

    public static void AddFeedDocumentation(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var path = context.Description.RelativePath?.Split('?')[0];
        if (path is not ("feed" or "feed/stream" or "feed/contracts")) return Task.CompletedTask;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (parameter.Name is { } name && Parameters.TryGetValue(name, out var about))
            {
                parameter.Description = about.Description;
                parameter.Example = JsonValue.Create(about.Example);
            }
        if (path == "feed/stream")
            operation.Description = "Server-Sent Events. Send `Last-Event-ID` (the last `id` you processed) to resume; it wins over `after`.";
        if (path == "feed" && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = new JsonObject
            {
                ["items"] = new JsonArray(ContractDocumentation.Example(typeof(IncidentReportedV1))),
                ["next"] = 4217,
            };
        if (path == "feed/contracts" && operation.Responses?.TryGetValue("200", out var list) == true && list.Content?.TryGetValue("application/json", out var contracts) == true)
            contracts.Example = new JsonArray(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
                ContractDocumentation.Describe(new HashSet<string> { "incident.reported.v1" })[0], Projections.DispatchJson.Options)));
        return Task.CompletedTask;
    });
}
