using System.Globalization;
using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Dispatch.Projections;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace Dispatch.Api.Feed;

/// <summary>
/// One stored event as an integrator receives it: the global sequence (the cursor), the contract name, the grids
/// it concerns (for filters), and the CloudEvent.
/// </summary>
public sealed record FeedItem(long Sequence, string Contract, IReadOnlyList<int> Grids, CloudEvent Event);

/// <summary>
/// Turns stored domain events into integration contracts as CloudEvents 1.0. Events no contract covers
/// (positions, crews, keys, inspections ...) are left out. The CloudEvent id is the stored event's id, so every
/// redelivery of an event carries the same id and a consumer deduplicates on it; <c>sequence</c> is the global
/// event sequence. Incidents belong to the grid whose staging point reaches them first (<see cref="ResponsibleGrid"/>).
/// </summary>
public sealed class FeedMapper(ReferenceData reference)
{
    public static readonly Uri Source = new("urn:wuyang-patrol:dispatch");
    public static readonly CloudEventAttribute GridAttribute = CloudEventAttribute.CreateExtension("grid", CloudEventAttributeType.String);

    private readonly ConcurrentDictionary<Guid, int?> _incidentGrids = new();

    public async Task<IReadOnlyList<FeedItem>> MapAsync(IReadOnlyList<IEvent> events, IQuerySession session, CancellationToken cancellation)
    {
        // Events that do not carry the incident's location find it on the incident's document.
        var missing = events.Select(e => e.Data switch
            {
                IncidentClosed c => c.IncidentId,
                IncidentReopened o => o.IncidentId,
                UnitArrivedOnScene a => a.IncidentId,
                UnitCleared c => c.IncidentId,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty && !_incidentGrids.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var details in await session.LoadManyAsync<IncidentDetails>(cancellation, missing))
                GridOfIncident(details.Id, details.Location);

        var items = new List<FeedItem>();
        foreach (var e in events)
            if (Map(e) is { } item) items.Add(item);
        return items;
    }

    private FeedItem? Map(IEvent e)
    {
        (object Contract, string Subject, Instant At, IReadOnlyList<int> Grids)? mapped = e.Data switch
        {
            IncidentReported r => (new IncidentReportedV1(r.IncidentId, r.Type, r.Priority, Position(r.Location), r.Address,
                r.Zone.Zone, r.Zone.TargetSeconds, GridOfIncident(r.IncidentId, r.Location), r.UnitsRequested, r.OccurredAt),
                $"incidents/{r.IncidentId}", r.OccurredAt, Grids(GridOfIncident(r.IncidentId, r.Location))),
            UnitDispatched d => (new UnitDispatchedV1(d.IncidentId, d.UnitId, d.CallSign, UnitGrid(d.UnitId), d.Decision.EtaSeconds,
                d.Decision.WithinTarget, d.Decision.Inputs.Zone.TargetSeconds, d.Decision.Mode, d.OccurredAt),
                $"incidents/{d.IncidentId}", d.OccurredAt, Grids(GridOfIncident(d.IncidentId, d.Decision.Inputs.Location))),
            UnitArrivedOnScene a => (new UnitArrivedV1(a.IncidentId, a.UnitId, CallSign(a.UnitId), Position(a.Position), a.OccurredAt),
                $"incidents/{a.IncidentId}", a.OccurredAt, Grids(KnownGrid(a.IncidentId))),
            UnitCleared c => (new UnitClearedV1(c.IncidentId, c.UnitId, CallSign(c.UnitId), c.OccurredAt),
                $"incidents/{c.IncidentId}", c.OccurredAt, Grids(KnownGrid(c.IncidentId))),
            IncidentClosed c => (new IncidentClosedV1(c.IncidentId, c.Reason, c.OccurredAt),
                $"incidents/{c.IncidentId}", c.OccurredAt, Grids(KnownGrid(c.IncidentId))),
            IncidentReopened o => (new IncidentReopenedV1(o.IncidentId, o.ResponseCycle, o.Reason, o.OccurredAt),
                $"incidents/{o.IncidentId}", o.OccurredAt, Grids(KnownGrid(o.IncidentId))),
            DutyLevelChanged l => (new DutyLevelChangedV1(DispatchJson.EnumName(l.Level), l.EffectiveAt, l.Issuer, l.Reason),
                "duty-level", l.OccurredAt, []),
            MissedVisitRaised m => (new MissedVisitRaisedV1(m.PointId, PointName(m.PointId), PointGrids(m.PointId), m.IntervalStart,
                m.IntervalEnd, DispatchJson.EnumName(m.Level)), $"patrol-points/{m.PointId}", m.OccurredAt, PointGrids(m.PointId)),
            MissedVisitRetracted m => (new MissedVisitRetractedV1(m.PointId, PointName(m.PointId), PointGrids(m.PointId), m.IntervalStart,
                m.IntervalEnd, m.UnitId), $"patrol-points/{m.PointId}", m.OccurredAt, PointGrids(m.PointId)),
            _ => null,
        };
        if (mapped is not { } item) return null;
        var (contract, subject, occurredAt, grids) = item;

        var name = IntegrationContracts.NameOf(contract.GetType());
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [GridAttribute])
        {
            Id = e.Id.ToString(),
            Source = Source,
            Type = IntegrationContracts.CloudEventType(name),
            Subject = subject,
            Time = occurredAt.ToDateTimeOffset(),
            DataContentType = "application/json",
            Data = contract,
        };
        // SetSequence knows 32-bit integers only; the global sequence is 64-bit, so the attribute is its decimal string.
        cloudEvent[Sequence.SequenceAttribute] = e.Sequence.ToString(CultureInfo.InvariantCulture);
        if (grids.Count > 0) cloudEvent[GridAttribute] = string.Join(',', grids);
        return new FeedItem(e.Sequence, name, grids, cloudEvent);
    }

    private static ContractPosition Position(GeoPoint p) => new(p.Lat, p.Lon, GeoPoint.Wgs84);
    private static IReadOnlyList<int> Grids(int? grid) => grid is { } g ? [g] : [];

    private int? GridOfIncident(Guid incidentId, GeoPoint location) =>
        _incidentGrids.GetOrAdd(incidentId, _ => ResponsibleGrid.Of(reference, location));

    private int? KnownGrid(Guid incidentId) => _incidentGrids.TryGetValue(incidentId, out var grid) ? grid : null;

    private RosterUnit? Unit(Guid unitId) => reference.Units.FirstOrDefault(u => u.Id == unitId);
    private string CallSign(Guid unitId) => Unit(unitId)?.CallSign ?? unitId.ToString();
    private int? UnitGrid(Guid unitId) => Unit(unitId)?.Grid;
    private string PointName(string pointId) => reference.PlacesById.TryGetValue(pointId, out var p) ? p.Name
        : reference.MustPatrolLines.FirstOrDefault(l => l.Id == pointId)?.Line.Text ?? pointId;
    private IReadOnlyList<int> PointGrids(string pointId) => reference.PlacesById.TryGetValue(pointId, out var p) ? p.Grids
        : reference.MustPatrolLines.FirstOrDefault(l => l.Id == pointId) is { } line ? [line.Grid] : [];
}
