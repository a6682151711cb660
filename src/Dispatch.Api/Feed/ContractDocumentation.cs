using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using Dispatch.Projections;
using NodaTime;

namespace Dispatch.Api.Feed;

/// <summary>A contract as an integrator reads about it: its name (what is granted), CloudEvents type, the JSON Schema of its data, an example.</summary>
public sealed record ContractDescription(string Name, string Type, bool Granted, JsonObject Schema, JsonObject Example);

/// <summary>
/// The schemas are generated from the contract records with the serializer settings the feed writes with, so the
/// documentation cannot drift from the code; the snapshot test is what notices when the code drifts.
/// </summary>
public static class ContractDocumentation
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 2, 6, 0, 30);
    private static readonly Guid IncidentId = Guid.Parse("019ade00-0000-7000-8000-000000000001");
    private static readonly Guid UnitId = Guid.Parse("019ade00-0000-7000-8000-000000000002");
    private static readonly ContractPosition Here = new(33.4456646, 113.6189944, "WGS-84");

    private static readonly JsonSerializerOptions SchemaOptions = new(DispatchJson.Options)
    {
        // The feed writes numbers as numbers; the Web defaults would also accept them as strings when reading.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>One example per contract: data, subject and grids as the mapper would produce them.</summary>
    public static readonly IReadOnlyList<(object Data, string Subject, int? Grid)> Examples =
    [
        (new IncidentReportedV1(IncidentId, "disturbance", 2, Here, "贾湖广场", "other-urban", 300, 7, 1, At), $"incidents/{IncidentId}", 7),
        (new UnitDispatchedV1(IncidentId, UnitId, "网格7-1", 7, 44.5, true, 300, "recommended", At), $"incidents/{IncidentId}", 7),
        (new UnitArrivedV1(IncidentId, UnitId, "网格7-1", Here, At), $"incidents/{IncidentId}", 7),
        (new UnitClearedV1(IncidentId, UnitId, "网格7-1", At), $"incidents/{IncidentId}", 7),
        (new IncidentClosedV1(IncidentId, "处置完毕", At), $"incidents/{IncidentId}", 7),
        (new IncidentReopenedV1(IncidentId, 2, "当事人再次报警", At), $"incidents/{IncidentId}", 7),
        (new DutyLevelChangedV1("level-2", At, "巡特警支队", "省厅通知：节日安保"), "duty-level", null),
        (new MissedVisitRaisedV1("jiahu-square", "贾湖广场", [7], At, At + Duration.FromHours(2), "level-2"), "patrol-points/jiahu-square", 7),
        (new MissedVisitRetractedV1("jiahu-square", "贾湖广场", [7], At, At + Duration.FromHours(2), UnitId), "patrol-points/jiahu-square", 7),
    ];

    public static IReadOnlyList<ContractDescription> Describe(IReadOnlySet<string> granted) =>
        [.. IntegrationContracts.All.Select(c => new ContractDescription(c.Name, IntegrationContracts.CloudEventType(c.Name),
            granted.Contains(c.Name), Schema(c.Type, c.Name), Example(c.Type)))];

    public static JsonObject Schema(Type contract, string name)
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(SchemaOptions, contract, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
                context.TypeInfo.Type == typeof(Instant) ? new JsonObject { ["type"] = "string", ["format"] = "date-time" } : node,
        }).AsObject();
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:wuyang-patrol:contracts:{name}",
            ["title"] = IntegrationContracts.CloudEventType(name),
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            document[key] = value;
        }
        return document;
    }

    public static JsonObject Example(Type contract)
    {
        var (data, subject, grid) = Examples.Single(e => e.Data.GetType() == contract);
        var name = IntegrationContracts.NameOf(contract);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [FeedMapper.GridAttribute])
        {
            Id = "019ade00-0000-7000-8000-0000000000ee",
            Source = FeedMapper.Source,
            Type = IntegrationContracts.CloudEventType(name),
            Subject = subject,
            Time = At.ToDateTimeOffset(),
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent[Sequence.SequenceAttribute] = "4217";
        if (grid is { } g) cloudEvent[FeedMapper.GridAttribute] = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StructuredCloudEvent.ToNode(cloudEvent);
    }
}
