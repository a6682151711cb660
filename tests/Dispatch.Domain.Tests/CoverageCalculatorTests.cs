using Dispatch.Domain.Coverage;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;

namespace Dispatch.Domain.Tests;

public class CoverageCalculatorTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Reference.ReferenceData Wuyang = WuyangDataTests.Wuyang;

    private static List<CoverageUnit> RosterAtHome(Func<int, UnitStatus>? status = null) =>
        Wuyang.Units.Select((u, i) => new CoverageUnit(u.Id, u.CallSign, status?.Invoke(i) ?? UnitStatus.AtStagingPoint,
            Wuyang.PlacesById[u.HomePlaceId].Location)).ToList();

    [Fact]
    public void Each_point_names_the_unit_the_reverse_search_finds_fastest_and_is_covered_when_that_is_within_its_zone_target()
    {
        // Every third unit busy, one on break, one out of service: only the dispatcher's available ones count.
        var units = RosterAtHome(i => i % 3 == 0 ? UnitStatus.EnRoute : i == 1 ? UnitStatus.OnBreak : i == 2 ? UnitStatus.OutOfService : UnitStatus.OnPatrol);
        foreach (var conditions in new[] { Wuyang.FreeFlow, Wuyang.Peak })
        {
            var result = CoverageCalculator.Compute(Wuyang, units, conditions);
            var available = units.Where(u => UnitState.IsDispatchable(u.Status)).ToList();
            Assert.Equal(available.Select(u => u.UnitId).Order(), result.AvailableUnitIds.Order());
            Assert.NotEmpty(result.Points);
            foreach (var point in result.Points)
            {
                var place = Wuyang.PlacesById[point.PlaceId];
                var etas = TravelTimeSearch.EtasTo(Wuyang.Roads, place.Location, available.Select(u => (u.UnitId, u.Position)).ToList(), conditions);
                var fastest = etas.MinBy(e => e.Value.Seconds);
                Assert.Equal(fastest.Value.Seconds, point.FastestSeconds!.Value, 0.1);
                Assert.Equal(Wuyang.Zones.Classify(place.Location).TargetSeconds, point.TargetSeconds);
                Assert.Equal(fastest.Value.Seconds <= point.TargetSeconds, point.Covered);
            }
        }
    }

    [Fact]
    public void Without_a_unit_the_points_it_alone_covered_are_lost_and_road_shares_never_grow()
    {
        var units = RosterAtHome();
        var now = CoverageCalculator.Compute(Wuyang, units, Wuyang.FreeFlow);
        var anyLoss = false;
        foreach (var unit in units)
        {
            var loss = CoverageCalculator.Without(Wuyang, units, Wuyang.FreeFlow, unit, now);
            var after = CoverageCalculator.Compute(Wuyang, units.Where(u => u.UnitId != unit.UnitId).ToList(), Wuyang.FreeFlow);
            var expected = now.Points.Where(p => p.Covered && !after.Points.Single(a => a.PlaceId == p.PlaceId).Covered).Select(p => p.PlaceId);
            Assert.Equal(expected, loss.PointsUncovered.Select(p => p.PlaceId));
            // Only points whose fastest unit it was can be lost.
            Assert.All(loss.PointsUncovered, p => Assert.Equal(unit.UnitId, now.Points.Single(n => n.PlaceId == p.PlaceId).FastestUnitId));
            Assert.All(loss.Roads, r => Assert.True(r.Delta <= 0));
            anyLoss |= loss.PointsUncovered.Count > 0 || loss.Roads.Any(r => r.Delta < 0);
        }
        Assert.True(anyLoss);
    }

    [Fact]
    public void Road_shares_split_by_zone_and_grow_with_the_target()
    {
        var units = RosterAtHome();
        var free = CoverageCalculator.Compute(Wuyang, units, Wuyang.FreeFlow);
        var peak = CoverageCalculator.Compute(Wuyang, units, Wuyang.Peak);
        Assert.Equal(["central-city", "other-urban"], free.County.Roads.Select(r => r.Zone).Order());
        Assert.All(free.County.Roads, r => Assert.InRange(r.Share, 0, 1));
        Assert.All(free.County.Roads.Zip(peak.County.Roads), x => Assert.True(x.Second.CoveredMetres <= x.First.CoveredMetres));
        var none = CoverageCalculator.Compute(Wuyang, [], Wuyang.FreeFlow);
        Assert.All(none.County.Roads, r => Assert.Equal(0, r.Share));
        Assert.All(none.Points, p => Assert.False(p.Covered));
    }

    [Fact]
    public void Recomputation_time_on_the_Wuyang_data_is_reported_not_asserted()
    {
        var units = RosterAtHome();
        CoverageCalculator.Compute(Wuyang, units, Wuyang.FreeFlow); // warm-up
        const int rounds = 200;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) CoverageCalculator.Compute(Wuyang, units, Wuyang.FreeFlow);
        var compute = watch.Elapsed.TotalMilliseconds / rounds;
        watch.Restart();
        for (var i = 0; i < 20; i++) CoverageCalculator.Without(Wuyang, units, Wuyang.FreeFlow, units[i % units.Count]);
        var without = watch.Elapsed.TotalMilliseconds / 20;
        output.WriteLine($"Wuyang coverage: {units.Count} units, {Wuyang.Roads.SegmentCount} road segments, " +
                         $"{CoverageCalculator.Targets(Wuyang).Count()} points: Compute {compute:F2} ms, Without {without:F2} ms");
        Assert.True(compute > 0);
    }
}
