using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;

namespace Dispatch.Domain.Coverage;

/// <summary>A unit as coverage sees it: where it is and whether dispatch may send it.</summary>
public sealed record CoverageUnit(Guid UnitId, string CallSign, UnitStatus Status, GeoPoint Position);

/// <summary>A key point or must-patrol point, its zone's target and the fastest available unit by road (null: none reaches it at all).</summary>
public sealed record PointCoverage(string PlaceId, string Name, GeoPoint Location, IReadOnlyList<string> Kinds, IReadOnlyList<int> Grids, string Zone,
    int TargetSeconds, bool Covered, Guid? FastestUnitId, string? FastestCallSign, double? FastestSeconds, string? Warning);

/// <summary>Road length of one zone and how much of it some available unit reaches within the zone's target.</summary>
public sealed record RoadCoverage(string Zone, int TargetSeconds, double Metres, double CoveredMetres, double Share);

public sealed record CountyCoverage(int KeyPoints, int KeyPointsCovered, int MustPatrolPoints, int MustPatrolPointsCovered,
    IReadOnlyList<RoadCoverage> Roads);

/// <summary>A grid's must-patrol points and the road length of its must-patrol lines (the plan draws no grid areas).</summary>
public sealed record GridCoverage(int Grid, int Points, int PointsCovered, IReadOnlyList<string> UncoveredPoints,
    double LineMetres, double LineMetresCovered, double LineShare);

public sealed record CoverageResult(IReadOnlyList<Guid> AvailableUnitIds, IReadOnlyList<PointCoverage> Points, CountyCoverage County,
    IReadOnlyList<GridCoverage> Grids);

/// <summary>What dispatching one unit now would cost: points only it covers and the road shares without it.</summary>
public sealed record CoverageLoss(Guid UnitId, string CallSign, bool Available, IReadOnlyList<PointCoverage> PointsUncovered,
    IReadOnlyList<RoadShareChange> Roads, IReadOnlyList<GridCoverage> GridsAfter);

public sealed record RoadShareChange(string Zone, double ShareBefore, double ShareAfter, double Delta);

/// <summary>
/// Live coverage: one forward search from every available unit gives the fastest unit to every node.
/// A point is covered when some available unit reaches it by road within its zone's target (key point
/// 60 s, central city 180 s, other urban 300 s). A road segment belongs to the zone its midpoint lies
/// in (segments run between consecutive vertices, tens of metres) and counts with the part reachable
/// within that zone's target, so a partly reached segment counts partly.
/// </summary>
public static class CoverageCalculator
{
    public const string KeyPointKind = "key-point";
    public const string MustPatrolPointKind = "must-patrol-point";

    /// <summary>The dispatcher's rule: busy, out of service and off duty are not available; on break is, with a warning.</summary>
    public static bool IsAvailable(UnitStatus status) => UnitState.IsDispatchable(status);

    public static CoverageResult Compute(ReferenceData reference, IReadOnlyList<CoverageUnit> units, TravelConditions conditions)
    {
        var available = units.Where(u => IsAvailable(u.Status))
            .OrderBy(u => u.CallSign, StringComparer.Ordinal).ThenBy(u => u.UnitId).ToList();
        var reach = ForwardReach.From(reference.Roads, available.Select(u => u.Position).ToList(), conditions);

        var points = Targets(reference).Select(place =>
        {
            var zone = reference.Zones.Classify(place.Location);
            var arrival = available.Count == 0 ? null : reach.ArrivalAt(place.Location);
            var unit = arrival is { } a ? available[a.Start] : null;
            var kinds = new List<string>();
            if (place.KeyPoint) kinds.Add(KeyPointKind);
            if (reference.MustPatrolPoints.Contains(place)) kinds.Add(MustPatrolPointKind);
            return new PointCoverage(place.Id, place.Name, place.Location, kinds, place.Grids, zone.Zone, zone.TargetSeconds,
                arrival is { } hit && hit.Seconds <= zone.TargetSeconds, unit?.UnitId, unit?.CallSign,
                arrival is { } t ? Math.Round(t.Seconds, 1) : null,
                unit?.Status == UnitStatus.OnBreak ? "fastest unit is on break" : null);
        }).ToList();

        var segmentZones = SegmentZones(reference);
        var roads = reference.Zones.Zones.GroupBy(z => z.Zone).Select(group =>
        {
            var target = group.Min(z => z.TargetSeconds);
            double metres = 0, covered = 0;
            for (var s = 0; s < segmentZones.Length; s++)
            {
                if (segmentZones[s]?.Zone != group.Key) continue;
                metres += reference.Roads.SegmentMetres(s);
                if (available.Count > 0) covered += reach.PiecesOf(s, segmentZones[s]!.TargetSeconds).Sum(reach.Metres);
            }
            return new RoadCoverage(group.Key, target, Math.Round(metres, 1), Math.Round(covered, 1), Share(covered, metres));
        }).ToList();

        var grids = reference.Grids.Select(grid =>
        {
            var mine = points.Where(p => grid.MustPatrolPointIds.Contains(p.PlaceId)).ToList();
            double metres = 0, covered = 0;
            foreach (var s in LineSegments(reference, grid))
            {
                metres += reference.Roads.SegmentMetres(s);
                var target = segmentZones[s]?.TargetSeconds ?? reference.Manifest.TownshipTargetSeconds;
                if (available.Count > 0) covered += reach.PiecesOf(s, target).Sum(reach.Metres);
            }
            return new GridCoverage(grid.Number, mine.Count, mine.Count(p => p.Covered),
                mine.Where(p => !p.Covered).Select(p => p.PlaceId).ToList(), Math.Round(metres, 1), Math.Round(covered, 1),
                Share(covered, metres));
        }).ToList();

        var county = new CountyCoverage(
            points.Count(p => p.Kinds.Contains(KeyPointKind)), points.Count(p => p.Kinds.Contains(KeyPointKind) && p.Covered),
            points.Count(p => p.Kinds.Contains(MustPatrolPointKind)), points.Count(p => p.Kinds.Contains(MustPatrolPointKind) && p.Covered),
            roads);
        return new CoverageResult(available.Select(u => u.UnitId).ToList(), points, county, grids);
    }

    /// <summary>Coverage now against coverage without <paramref name="unit"/>, as if it were dispatched this moment.</summary>
    public static CoverageLoss Without(ReferenceData reference, IReadOnlyList<CoverageUnit> units, TravelConditions conditions,
        CoverageUnit unit, CoverageResult? now = null)
    {
        now ??= Compute(reference, units, conditions);
        var after = Compute(reference, units.Where(u => u.UnitId != unit.UnitId).ToList(), conditions);
        var before = now.Points.ToDictionary(p => p.PlaceId);
        var lost = after.Points.Where(p => !p.Covered && before[p.PlaceId].Covered).ToList();
        var roads = now.County.Roads.Zip(after.County.Roads, (b, a) =>
            new RoadShareChange(b.Zone, b.Share, a.Share, Math.Round(a.Share - b.Share, 4))).ToList();
        return new CoverageLoss(unit.UnitId, unit.CallSign, IsAvailable(unit.Status), lost, roads, after.Grids);
    }

    /// <summary>The key points and must-patrol points, each once, in the data's order.</summary>
    public static IEnumerable<Place> Targets(ReferenceData reference) =>
        reference.Places.Where(p => p.KeyPoint || reference.MustPatrolPoints.Contains(p));

    /// <summary>The response zone each segment's midpoint lies in; null outside every zone (townships).</summary>
    public static ResponseZone?[] SegmentZones(ReferenceData reference)
    {
        var roads = reference.Roads;
        return Enumerable.Range(0, roads.SegmentCount).Select(s =>
        {
            var mid = roads.PointOn(new RoadPosition(s, 0.5, 0));
            var point = new NetTopologySuite.Geometries.Point(mid.Lon, mid.Lat);
            return reference.Zones.Zones.Where(z => z.Area.Covers(point))
                .OrderBy(z => z.TargetSeconds).ThenBy(z => z.Id, StringComparer.Ordinal).FirstOrDefault();
        }).ToArray();
    }

    private static IEnumerable<int> LineSegments(ReferenceData reference, Grid grid) =>
        Enumerable.Range(0, reference.Roads.SegmentCount).Where(s =>
        {
            var a = reference.Roads.SegmentAttributes(s);
            return grid.MustPatrolLines.Any(l => a.Name == l.Street && (l.Section is null || a.Section == l.Section));
        });

    private static double Share(double covered, double metres) => metres <= 0 ? 0 : Math.Round(covered / metres, 4);
}
