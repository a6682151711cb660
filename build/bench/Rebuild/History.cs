using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Bench.Rebuild;

/// <summary>One event of the generated history, in global order: its stream, its payload and when it was recorded.</summary>
public sealed record HistoryEvent(Guid StreamId, long Version, object Data, Instant RecordedAt, string CorrelationId);

/// <summary>
/// A deterministic history of the county's units and incidents, minute by minute, as the API would write it:
/// the roster commissioned, then GPS reports (about every two minutes a unit), incidents reported and dispatched to
/// the fastest available unit (the real recommendation on the county's roads, decision with every input), the unit
/// acknowledging, en route with GPS reports, on scene, cleared, the incident closed; must-patrol check-ins; breaks.
/// </summary>
public sealed class History(ReferenceData reference, int seed = 9)
{
    private sealed class Unit(RosterUnit roster, GeoPoint home)
    {
        public RosterUnit Roster { get; } = roster;
        public GeoPoint Home { get; } = home;
        public GeoPoint Position { get; set; } = home;
        public UnitStatus Status { get; set; } = UnitStatus.Available;
        public Guid? Incident { get; set; }
        public Instant PositionAt { get; set; }
    }

    public IEnumerable<HistoryEvent> Generate(int atLeast)
    {
        var random = new Random(seed);
        var versions = new Dictionary<Guid, long>();
        var clock = Instant.FromUtc(2026, 1, 5, 0, 0);
        var count = 0;
        var pending = new PriorityQueue<(Instant At, Func<IEnumerable<(Guid, object)>> Make), (Instant, long)>();
        long order = 0;

        Guid NextGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            return new Guid(bytes);
        }

        HistoryEvent Event(Guid stream, object data, string correlation)
        {
            var version = versions[stream] = versions.GetValueOrDefault(stream) + 1;
            count++;
            return new HistoryEvent(stream, version, data, clock + Duration.FromMilliseconds(random.Next(5, 80)), correlation);
        }

        void Later(Duration after, Func<IEnumerable<(Guid, object)>> make) => pending.Enqueue((clock + after, make), (clock + after, order++));

        const string Dispatcher = "dispatcher:bench-01";
        var units = reference.Units.Select(u => new Unit(u, reference.PlacesById[u.HomePlaceId].Location) { PositionAt = clock }).ToList();
        var points = reference.MustPatrolPoints;
        var places = reference.Places;

        foreach (var unit in units)
        {
            var r = unit.Roster;
            yield return Event(r.Id, new UnitCommissioned(r.Id, r.CallSign, r.Kind, r.Grid, r.ResponsibleUnit, r.HomePlaceId, unit.Home, r.Crew,
                "system:roster", clock), "roster");
        }

        GeoPoint Near(GeoPoint p, double metres) =>
            new(p.Lat + (random.NextDouble() - 0.5) * 2 * metres / 111_320, p.Lon + (random.NextDouble() - 0.5) * 2 * metres / 93_000);

        while (count < atLeast)
        {
            clock += Duration.FromMinutes(1);
            while (pending.TryPeek(out var due, out _) && due.At <= clock)
            {
                pending.Dequeue();
                var correlation = NextGuid().ToString("N");
                foreach (var (stream, data) in due.Make()) yield return Event(stream, data, correlation);
            }

            // GPS: every unit on the street about every two minutes.
            foreach (var unit in units.Where(u => u.Status is not (UnitStatus.OffDuty or UnitStatus.OutOfService)))
            {
                if (random.NextDouble() >= 0.5) continue;
                unit.Position = Near(unit.Status is UnitStatus.EnRoute or UnitStatus.OnScene ? unit.Position : unit.Home, 300);
                unit.PositionAt = clock;
                yield return Event(unit.Roster.Id, new UnitPositionReported(unit.Roster.Id, unit.Position, $"device:{unit.Roster.CallSignEn}", clock,
                    new GivenPosition(unit.Position.Lat, unit.Position.Lon, GeoPoint.Wgs84)), NextGuid().ToString("N"));
            }

            // Must-patrol check-ins.
            if (random.NextDouble() < 0.3)
            {
                var unit = units[random.Next(units.Count)];
                var point = points[random.Next(points.Count)];
                var position = Near(point.Location, 50);
                yield return Event(PatrolPointState.StreamIdFor(point.Id), new PatrolPointVisited(point.Id, unit.Roster.Id, unit.Roster.CallSign,
                    NextGuid().ToString("N"), clock - Duration.FromSeconds(random.Next(0, 90)), clock, position, position.MetresTo(point.Location),
                    $"device:{unit.Roster.CallSignEn}"), NextGuid().ToString("N"));
            }

            // Breaks: an idle unit goes on break and comes back.
            if (random.NextDouble() < 0.02 && units.Where(u => u.Status is UnitStatus.Available or UnitStatus.OnPatrol).ToList() is { Count: > 0 } idle)
            {
                var unit = idle[random.Next(idle.Count)];
                unit.Status = UnitStatus.OnBreak;
                yield return Event(unit.Roster.Id, new UnitDutyChanged(unit.Roster.Id, UnitStatus.OnBreak, "meal", Dispatcher, clock), NextGuid().ToString("N"));
                Later(Duration.FromMinutes(30), () =>
                {
                    if (unit.Status != UnitStatus.OnBreak) return [];
                    unit.Status = UnitStatus.OnPatrol;
                    return [(unit.Roster.Id, new UnitDutyChanged(unit.Roster.Id, UnitStatus.OnPatrol, null, Dispatcher, clock))];
                });
            }

            // An incident about every three minutes, dispatched at once to the fastest unit the recommendation picks.
            if (random.NextDouble() < 0.35)
            {
                var place = places[random.Next(places.Count)];
                var location = Near(place.Location, 200);
                var incident = NextGuid();
                var correlation = NextGuid().ToString("N");
                var zone = reference.Zones.Classify(location);
                var snapshots = units.Select(u => new UnitSnapshot(u.Roster.Id, u.Roster.CallSign, u.Status, u.Incident, u.Position, u.PositionAt)).ToList();
                var inputs = new DispatchInputs(incident, location, zone, reference.Roads.Version, false, 1.0, reference.Manifest.ApproachSpeedKph,
                    clock, snapshots);
                var decision = Recommendation.Recommend(reference.Roads, inputs, NextGuid());
                if (decision.ChosenUnitId is not { } chosen) continue;
                var unit = units.Single(u => u.Roster.Id == chosen);

                yield return Event(incident, new IncidentReported(incident, "disturbance", 1 + random.Next(4), location, place.Name, "现场有人打架",
                    zone, Dispatcher, clock, new GivenPosition(location.Lat, location.Lon, GeoPoint.Wgs84), DutyLevel: DutyLevel.Normal), correlation);
                yield return Event(incident, new UnitDispatched(incident, chosen, unit.Roster.CallSign, decision, Dispatcher, clock), correlation);
                yield return Event(chosen, new UnitAssigned(chosen, incident, decision.DecisionId, location, decision.EtaSeconds ?? 0, Dispatcher, clock),
                    correlation);
                unit.Status = UnitStatus.Assigned;
                unit.Incident = incident;
                var eta = Duration.FromSeconds(Math.Max(60, decision.EtaSeconds ?? 300));
                var actor = $"unit:{unit.Roster.CallSignEn}";
                Later(Duration.FromMinutes(1), () =>
                {
                    unit.Status = UnitStatus.Acknowledged;
                    return [(chosen, new UnitAcknowledged(chosen, incident, actor, clock))];
                });
                Later(Duration.FromMinutes(2), () =>
                {
                    unit.Status = UnitStatus.EnRoute;
                    return [(chosen, new UnitEnRoute(chosen, incident, actor, clock))];
                });
                Later(Duration.FromMinutes(2) + eta, () =>
                {
                    unit.Status = UnitStatus.OnScene;
                    unit.Position = location;
                    return [(chosen, new UnitArrivedOnScene(chosen, incident, location, actor, clock))];
                });
                Later(Duration.FromMinutes(2 + random.Next(10, 40)) + eta, () =>
                {
                    unit.Status = UnitStatus.Available;
                    unit.Incident = null;
                    return
                    [
                        (chosen, new UnitCleared(chosen, incident, unit.Position, unit.Roster.HomePlaceId, actor, clock)),
                        (incident, new IncidentClosed(incident, "处理完毕", Dispatcher, clock)),
                    ];
                });
            }
        }
    }
}
