using Dispatch.Domain.Coverage;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;
using static Dispatch.Domain.Tests.TestMap;

namespace Dispatch.Domain.Tests;

public class ForwardReachTests
{
    private static readonly TravelConditions FreeFlow = new(1.0, 10);

    /// <summary>
    /// A 1 km square block, every street 36 km/h (10 m/s), one segment each; the east street is one-way northbound.
    /// Segments in order: 0 south (0,0)-(1000,0), 1 east one-way (1000,0)-(1000,1000), 2 north (0,1000)-(1000,1000), 3 west (0,0)-(0,1000).
    /// </summary>
    private static RoadGraph Block() => RoadGraph.Build(
    [
        Road("南路", (0, 0), (1000, 0)),
        Road("东单行", 36, true, (1000, 0), (1000, 1000)),
        Road("北路", (0, 1000), (1000, 1000)),
        Road("西路", (0, 0), (0, 1000)),
    ], "block-1");

    private static double ReachedMetres(ForwardReach reach, int segment, double limit) => reach.PiecesOf(segment, limit).Sum(reach.Metres);

    [Fact]
    public void From_the_south_west_corner_the_budget_is_cut_on_each_street_where_it_runs_out()
    {
        var reach = ForwardReach.From(Block(), [P(0, 0)], FreeFlow, 300);

        // 60 s: 600 m east along the south street and 600 m up the west street, nothing else.
        Assert.Equal(600, ReachedMetres(reach, 0, 60), 1.5);
        Assert.Equal(600, ReachedMetres(reach, 3, 60), 1.5);
        Assert.Equal(0, ReachedMetres(reach, 1, 60), 1.5);
        Assert.Equal(0, ReachedMetres(reach, 2, 60), 1.5);
        var piece = Assert.Single(reach.PiecesOf(0, 60));
        Assert.Equal(0, piece.From, 2);
        Assert.Equal(0.6, piece.To, 2);

        // 180 s: both streets from the corner whole (100 s), then 80 s (800 m) up the one-way street and along the north street.
        Assert.Equal(1000, ReachedMetres(reach, 0, 180), 1.5);
        Assert.Equal(800, ReachedMetres(reach, 1, 180), 1.5);
        Assert.Equal(800, ReachedMetres(reach, 2, 180), 1.5);
        Assert.Equal(0.8, Assert.Single(reach.PiecesOf(2, 180)).To, 2);
    }

    [Fact]
    public void A_one_way_street_is_not_driven_backwards_so_the_far_end_is_reached_only_round_the_block()
    {
        var reach = ForwardReach.From(Block(), [P(1000, 1000)], FreeFlow);

        // West along the north street: 600 m in 60 s, from its east end; never down the one-way street.
        var north = Assert.Single(reach.PiecesOf(2, 60));
        Assert.Equal(0.4, north.From, 2);
        Assert.Equal(1, north.To, 2);
        Assert.Equal(0, ReachedMetres(reach, 1, 180), 1.5);
        // 180 s: the north street whole, then 800 m down the west street.
        Assert.Equal(800, ReachedMetres(reach, 3, 180), 1.5);
        // The south-east corner is three streets away (300 s); half way up the one-way street 50 s more.
        Assert.Equal(300, reach.ArrivalAt(P(1000, 0))!.Value.Seconds, 1.5);
        Assert.Equal(350, reach.ArrivalAt(P(1000, 500))!.Value.Seconds, 1.5);
        // The oracle, from just off the corner (it cannot start on a one-way street's last vertex).
        var nearCorner = ForwardReach.From(Block(), [P(990, 1000)], FreeFlow);
        Assert.Equal(ReferenceSearch.ForwardSeconds(Block(), P(990, 1000), P(1000, 500), FreeFlow)!.Value,
            nearCorner.ArrivalAt(P(1000, 500))!.Value.Seconds, 0.01);
    }

    [Fact]
    public void A_start_off_the_road_first_drives_there_at_the_approach_speed_and_then_both_ways_along_its_street()
    {
        // 100 m south of the south street's middle: 36 s at 10 km/h, leaving 24 s (240 m) each way within 60 s.
        var reach = ForwardReach.From(Block(), [P(500, -100)], FreeFlow);
        var piece = Assert.Single(reach.PiecesOf(0, 60));
        Assert.Equal(0.26, piece.From, 2);
        Assert.Equal(0.74, piece.To, 2);
        Assert.Equal(36 + 10, reach.ArrivalAt(P(600, 0))!.Value.Seconds, 0.1);
    }

    [Fact]
    public void The_peak_factor_slows_every_road()
    {
        var reach = ForwardReach.From(Block(), [P(0, 0)], new TravelConditions(0.5, 10));
        Assert.Equal(300, ReachedMetres(reach, 0, 60), 1.5);
    }

    [Fact]
    public void Several_starts_name_the_fastest_one_for_each_place()
    {
        var reach = ForwardReach.From(Block(), [P(0, 0), P(1000, 1000)], FreeFlow);
        Assert.Equal(0, reach.ArrivalAt(P(300, 0))!.Value.Start);
        Assert.Equal(1, reach.ArrivalAt(P(700, 1000))!.Value.Start);
        // Up the one-way street from the south-west corner (100 + 50 s), not round from the north-east (350 s).
        var upTheOneWay = reach.ArrivalAt(P(1000, 500))!.Value;
        Assert.Equal(0, upTheOneWay.Start);
        Assert.Equal(150, upTheOneWay.Seconds, 0.2);
    }

    [Fact]
    public void On_the_Wuyang_roads_every_sampled_road_point_is_inside_the_isochrone_exactly_when_the_oracle_says_it_is_reachable()
    {
        var data = WuyangDataTests.Wuyang;
        var graph = data.Roads;
        var starts = new[] { data.PlacesById[data.Grids[0].StagingPointId].Location, data.PlacesById[data.Grids[6].StagingPointId].Location };
        foreach (var conditions in new[] { data.FreeFlow, data.Peak })
        foreach (var start in starts)
        {
            var reach = ForwardReach.From(graph, [start], conditions, 300);
            foreach (var limit in new[] { 60, 180, 300 })
            {
                var checkedPoints = 0;
                for (var s = 0; s < graph.SegmentCount; s++)
                {
                    var pieces = reach.PiecesOf(s, limit);
                    foreach (var f in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
                    {
                        var point = graph.PointOn(new RoadPosition(s, f, 0));
                        // The oracle's start offset counts; the road point itself has none.
                        var oracle = ReferenceSearch.ForwardSeconds(graph, start, point, conditions) ?? double.PositiveInfinity;
                        if (Math.Abs(oracle - limit) < 0.5) continue;
                        // A segment's own snap may pick a neighbour at a shared vertex; the fractions above stay clear of vertices.
                        var inside = pieces.Any(p => f >= p.From - 1e-9 && f <= p.To + 1e-9);
                        Assert.True(inside == oracle < limit, $"segment {s} at {f}: oracle {oracle:F1} s, limit {limit} s, inside {inside}");
                        checkedPoints++;
                    }
                }
                Assert.True(checkedPoints > 100);
            }
        }
    }

    [Fact]
    public void Isochrone_lines_are_longitude_first_and_as_long_as_the_reached_road()
    {
        var isochrones = Isochrones.From(Block(), P(0, 0), FreeFlow, [60, 180], areaBufferMetres: 20);
        Assert.Equal(1200, isochrones[0].RoadMetres, 1.5);
        Assert.Equal(3600, isochrones[1].RoadMetres, 1.5);
        var first = isochrones[0].Roads.Coordinates[0];
        Assert.InRange(first.X, 113, 114); // longitude
        Assert.InRange(first.Y, 33, 34);
        Assert.True(isochrones[0].Area!.Covers(new NetTopologySuite.Geometries.Point(P(300, 10).Lon, P(300, 10).Lat)));
        Assert.False(isochrones[0].Area!.Covers(new NetTopologySuite.Geometries.Point(P(800, 0).Lon, P(800, 0).Lat)));
    }
}
