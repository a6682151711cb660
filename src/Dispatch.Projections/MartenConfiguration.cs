using Dispatch.Domain.Analytics;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Units;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace Dispatch.Projections;

public static class MartenConfiguration
{
    /// <summary>
    /// Events the daemon reads and applies per page (Marten's default is 500). Larger pages made a rebuild of 100k events
    /// about three times faster (build/bench/README.md, rebuild); live, a page is only this large while catching up.
    /// </summary>
    public const int AsyncBatchSize = 5_000;

    private static void Paged(AsyncOptions options) => options.BatchSize = AsyncBatchSize;

    /// <summary>The event store, its aliases and its projections; shared by the API and by tests.</summary>
    public static void ConfigureDispatchStore(this StoreOptions opts, string connectionString, string schema)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => DispatchJson.Configure(o));

        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        foreach (var (type, alias) in EventCatalog.Events)
        {
            opts.Events.AddEventType(type);
            opts.Events.MapEventType(type, alias);
        }

        opts.Projections.Add(new IncidentStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UnitStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new IncidentDetailsProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new CountyDutyStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new PatrolPointStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new PatrolDayProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new RollCallStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new InspectionStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new EmergencyPlanStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new EmergencyPlanVersionProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new DepartmentTaskStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new DepotStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new MaterialAllocationStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ReliefRoundStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ReliefIssueStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new CoverageBoardProjection(), ProjectionLifecycle.Async, Paged);
        opts.AddApiKeys();
        opts.Projections.Add(new IncidentResponseProjection(), ProjectionLifecycle.Async, Paged);

        // Tamper evidence: asynchronous, so one daemon chains events in sequence order (docs: README "Audit").
        opts.Projections.Add(new HashChainProjection(), ProjectionLifecycle.Async, HashChain.ProjectionName,
            o =>
            {
                Paged(o);
                o.DeleteViewTypeOnTeardown<HashChainLink>();
            });
        opts.RegisterDocumentType<HashChainLink>();
        opts.AddWebhooks();
        opts.AddElderlyCare();

        opts.Schema.For<UnitState>().Index(x => x.CallSign);
        opts.Schema.For<PatrolPointState>().Index(x => x.PointId);
        opts.Schema.For<IncidentResponse>().Index(x => x.LastReportedUnixSeconds);
        opts.Schema.For<DepartmentTaskState>().Index(x => x.IncidentId).Index(x => x.Department);
        opts.Schema.For<Dispatch.Domain.Materials.MaterialAllocationState>().Index(x => x.IncidentId);
        opts.Schema.For<Dispatch.Domain.Relief.ReliefIssueState>().Index(x => x.RoundId);
    }
}
