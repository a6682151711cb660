using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.Webhooks;

/// <summary>Examples in the OpenAPI document for the webhook reads, and the description of their query parameters.</summary>
public static class WebhookDocumentation
{
    private const string WebhookExample = """
        {"id": "019ae9c0-5a10-7c3e-9a4f-2d8e1b6c7f01", "owner": "api-key:019ae9b0-0000-7000-8000-000000000110",
         "url": "https://110.example/wuyang/events", "types": ["incident.reported.v1", "unit.dispatched.v1"], "grids": [7],
         "registeredBy": "api-key:019ae9b0-0000-7000-8000-000000000110", "registeredAt": "2026-12-02T06:00:00Z",
         "active": true, "removedBy": null, "removedAt": null}
        """;

    private const string DeliveriesExample = """
        {"webhookId": "019ae9c0-5a10-7c3e-9a4f-2d8e1b6c7f01", "deliveries": [
          {"id": "8c1f2e3d-4b5a-8c6d-9e7f-0a1b2c3d4e5f", "webhookId": "019ae9c0-5a10-7c3e-9a4f-2d8e1b6c7f01",
           "eventId": "019ae9c1-0b2c-7d3e-8f40-5a6b7c8d9e0f", "sequence": 4182, "contract": "unit.dispatched.v1",
           "status": "delivered", "queuedAt": "2026-12-02T06:00:01Z", "attempts": [
             {"number": 1, "at": "2026-12-02T06:00:01Z", "statusCode": 503, "error": "status 503", "durationMilliseconds": 41,
              "nextAttemptAt": "2026-12-02T06:00:31Z"},
             {"number": 2, "at": "2026-12-02T06:00:31Z", "statusCode": 204, "error": null, "durationMilliseconds": 12,
              "nextAttemptAt": null}]}]}
        """;

    public static void AddWebhookExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var path = context.Description.RelativePath;
        if (context.Description.HttpMethod != "GET" || path is not ("webhooks" or "webhooks/{id}/deliveries")) return Task.CompletedTask;
        var example = path == "webhooks" ? $"[{WebhookExample}]" : DeliveriesExample;
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            foreach (var media in content.Values) media.Example = JsonNode.Parse(example);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            parameter.Description = parameter.Name switch
            {
                "id" => "The webhook's id (from POST /webhooks).",
                "limit" => $"How many deliveries, newest event first: 1 to {GetWebhookDeliveriesEndpoint.MaxLimit}, default {GetWebhookDeliveriesEndpoint.DefaultLimit}.",
                "status" => "Only deliveries in this state: pending, delivered, failed or dropped.",
                _ => parameter.Description,
            };
        return Task.CompletedTask;
    });
}
