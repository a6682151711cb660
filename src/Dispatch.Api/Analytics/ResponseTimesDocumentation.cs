using System.Text.Json;
using Dispatch.Domain.Analytics;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Dispatch.Projections;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace Dispatch.Api.Analytics;

/// <summary>The response-time view's query parameters and an example answer in the OpenAPI document.</summary>
public static class ResponseTimesDocumentation
{
    private const string Path = "analytics/response-times";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["by"] = "Grouping: grid (home grid of the first unit sent), zone (default), type, unit (call sign), duty-level, shift, day (local day the shift started).",
        ["from"] = "Start, inclusive: a local date yyyy-MM-dd (Asia/Shanghai, its midnight) or an ISO-8601 instant with offset. Default: today.",
        ["to"] = "End: a local date (that whole day included) or an ISO-8601 instant (excluded). Default: the end of today. At most 366 days after from.",
    };

    public static void AddResponseTimesExample(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.RelativePath != Path) return Task.CompletedTask;
        foreach (var parameter in operation.Parameters ?? [])
            if (parameter is OpenApiParameter p && p.Name is { } name && Parameters.TryGetValue(name, out var text))
                p.Description = text;
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var json) == true
            && json is OpenApiMediaType media)
            media.Example = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Example(), DispatchJson.Options));
        return Task.CompletedTask;
    });

    /// <summary>The figures of two made-up incidents in the central city, computed by the same code as the answer.</summary>
    public static ResponseTimesReport Example()
    {
        var reported = Instant.FromUtc(2026, 12, 2, 6, 0, 0);
        var unit = Guid.Parse("019ade00-0000-7000-8000-000000000002");
        var zone = new ZoneClassification("central-city", 180, "wuyang-central-city", null, "中心城区");
        IncidentResponse Incident(string id, int arriveAfter, bool cleared) => new(Guid.Parse(id), "disturbance", zone,
            [new ResponseCycle(1, reported, DutyLevel.Normal, [new UnitResponse(unit, "网格7-1", reported + Duration.FromSeconds(40),
                reported + Duration.FromSeconds(55), reported + Duration.FromSeconds(70), reported + Duration.FromSeconds(arriveAfter),
                cleared ? reported + Duration.FromMinutes(30) : null)])]);
        var shifts = new List<Shift> { new("day", "白班", new LocalTime(8, 0)), new("night", "夜班", new LocalTime(20, 0)) };
        return ResponseTimes.Compute(
            [Incident("019ade00-0000-7000-8000-000000000011", 160, true), Incident("019ade00-0000-7000-8000-000000000012", 250, false)],
            ResponseGrouping.Zone, reported, reported + Duration.FromDays(1), _ => 7, shifts, PeakHours.China,
            reported + Duration.FromMinutes(45));
    }
}
