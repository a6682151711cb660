using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.Audit;

/// <summary>Examples and query parameter descriptions for the audit answers in the OpenAPI document.</summary>
public static class AuditDocumentation
{
    private const string Event = """
        {"sequence": 1043, "streamId": "01a22ee6-b000-7000-8000-000000000007", "version": 12, "type": "unit_en_route.v1",
         "occurredAt": "2026-12-02T06:05:00Z", "recordedAt": "2026-12-02T06:05:00.412Z", "actor": "dispatcher:zhang.wei",
         "correlationId": "0HNQHQC3JJCC9:00000007",
         "data": {"unitId": "01a22ee6-b000-7000-8000-000000000007", "incidentId": "01a2358f-6640-7379-b5ff-8d6154d223af",
                  "actor": "dispatcher:zhang.wei", "occurredAt": "2026-12-02T06:05:00Z"}}
        """;

    private static readonly Dictionary<string, string> Examples = new()
    {
        ["audit/streams/{streamId}/events"] = $"[{Event}]",
        ["patrol-points/{pointId}/events"] = """
            [{"sequence": 1050, "streamId": "5f0c1d2e-3a4b-8c5d-9e6f-7a8b9c0d1e2f", "version": 1, "type": "patrol_point_visited.v1",
              "occurredAt": "2026-12-02T06:20:00Z", "recordedAt": "2026-12-02T06:31:02.118Z", "actor": "unit:网格7-1",
              "correlationId": null, "data": {"pointId": "jiahu-square", "clientId": "p7-1", "occurredAt": "2026-12-02T06:20:00Z"}}]
            """,
        ["audit/streams/{streamId}/state"] = """
            {"streamId": "01a22ee6-b000-7000-8000-000000000007", "kind": "unit", "stateType": "UnitState", "basis": "business-time",
             "asOf": "2026-12-02T06:07:00Z", "version": 12, "eventsApplied": 12, "eventsInStream": 14, "lastAppliedSequence": 1043,
             "state": {"id": "01a22ee6-b000-7000-8000-000000000007", "callSign": "网格7-1", "status": "en-route",
                       "currentIncidentId": "01a2358f-6640-7379-b5ff-8d6154d223af", "version": 12}}
            """,
        ["incidents/{id}/decisions/{decisionId}/replay"] = """
            {"incidentId": "01a2358f-6640-7379-b5ff-8d6154d223af", "decisionId": "01a2358f-6650-7000-8000-00000000d001",
             "eventSequence": 1041, "eventType": "unit_dispatched.v1", "mode": "recommended", "roadGraphVersion": "wuyang-modeled-2026.12.1",
             "dispatcherChoice": null,
             "recorded": {"chosenUnitId": "01a22ee6-b000-7000-8000-000000000007", "chosenCallSign": "网格7-1", "etaSeconds": 91.2,
                          "withinTarget": true, "candidates": [{"rank": 1, "unitId": "01a22ee6-b000-7000-8000-000000000007",
                          "callSign": "网格7-1", "etaSeconds": 91.2, "roadMetres": 1010, "straightLineMetres": 760, "withinTarget": true}],
                          "excluded": [], "explanation": "网格7-1: 91 s by road (1010 m), within the target ..."},
             "replayed": {"chosenUnitId": "01a22ee6-b000-7000-8000-000000000007", "chosenCallSign": "网格7-1", "etaSeconds": 91.2,
                          "withinTarget": true, "candidates": [{"rank": 1, "unitId": "01a22ee6-b000-7000-8000-000000000007",
                          "callSign": "网格7-1", "etaSeconds": 91.2, "roadMetres": 1010, "straightLineMetres": 760, "withinTarget": true}],
                          "excluded": [], "explanation": "网格7-1: 91 s by road (1010 m), within the target ..."},
             "sameUnit": true, "sameCandidates": true}
            """,
        ["audit/events"] = $$"""{"events": [{{Event}}], "next": 1043}""",
        ["audit/verify"] = """
            {"intact": false, "chainedThrough": 1290, "linksChecked": 1042, "notYetChained": 0,
             "firstProblem": {"sequence": 1043, "streamId": "01a22ee6-b000-7000-8000-000000000007", "version": 12,
                              "type": "unit_en_route.v1", "kind": "altered",
                              "differences": ["data (incl. business time and actor) changed: SHA-256 was 3f1c0a9b2d4e…, is 9a7e61c0f3b2…"]},
             "summary": "The event log does not match its hash chain: event 1043 is altered (...). Events before it (through 1042) verify."}
            """,
    };

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["asOf"] = "Business time (the events' occurredAt), ISO-8601 with offset: the state from the events that had happened by then, whenever recorded.",
        ["recordedAsOf"] = "Recording time (when the store appended each event), ISO-8601 with offset: what the system knew then.",
        ["version"] = "Stream version: the state after the stream's first n events.",
        ["from"] = "Business time (occurredAt), inclusive, ISO-8601 with offset.",
        ["to"] = "Business time (occurredAt), exclusive, ISO-8601 with offset.",
        ["after"] = "Sequence cursor: only events after it; pass the previous page's next.",
        ["limit"] = $"Events per page, 1..{GetAuditEventsEndpoint.MaxLimit}, default {GetAuditEventsEndpoint.DefaultLimit}.",
    };

    public static void AddAuditExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.RelativePath is not { } path || !Examples.TryGetValue(path, out var example)) return Task.CompletedTask;
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var media) == true)
            media.Example = JsonNode.Parse(example);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (parameter.In == ParameterLocation.Query && Parameters.TryGetValue(parameter.Name!, out var description))
                parameter.Description = description;
        return Task.CompletedTask;
    });
}
