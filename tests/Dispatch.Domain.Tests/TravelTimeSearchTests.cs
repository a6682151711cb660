using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;
using static Dispatch.Domain.Tests.TestMap;

namespace Dispatch.Domain.Tests;

public class TravelTimeSearchTests
{
    private static readonly TravelConditions FreeFlow = new(1.0, 10);

    [Fact]
    public void Road_time_not_straight_line_decides_who_is_nearer()
    {
        var graph = RiverTown();
        var incident = P(0, 150);
        var acrossRiver = P(0, -150);     // 300 m away in a straight line, but the bridge is 2 km off
        var upTheRoad = P(0, 1000);       // 850 m away, straight down one road

        var etas = TravelTimeSearch.EtasTo(graph, incident, [("across", acrossRiver), ("up", upTheRoad)], FreeFlow);

        Assert.True(acrossRiver.MetresTo(incident) < upTheRoad.MetresTo(incident));
        Assert.InRange(etas["up"].RoadMetres, 845, 855);
        Assert.InRange(etas["across"].RoadMetres, 4290, 4310);
        Assert.True(etas["up"].Seconds < etas["across"].Seconds);
        Assert.Equal(850 / 10.0, etas["up"].Seconds, 0.5); // 36 km/h is 10 m/s
    }

    [Fact]
    public void One_way_streets_are_driven_only_forwards()
    {
        // A square block; the top street is one-way eastbound.
        var graph = RoadGraph.Build(
        [
            Road("单行道", 36, true, (0, 500), (500, 500)),
            Road("西路", (0, 0), (0, 500)),
            Road("东路", (500, 0), (500, 500)),
            Road("南路", (0, 0), (500, 0)),
        ], "one-way-1");

        var fromWest = TravelTimeSearch.EtasTo(graph, P(500, 500), [("w", P(0, 500))], FreeFlow)["w"];
        var fromEast = TravelTimeSearch.EtasTo(graph, P(0, 500), [("e", P(500, 500))], FreeFlow)["e"];

        Assert.Equal(500, fromWest.RoadMetres, 1.0);   // straight along the one-way street
        Assert.Equal(1500, fromEast.RoadMetres, 1.0);  // round the block the other way
    }

    [Fact]
    public void Start_and_target_on_one_segment_drive_directly()
    {
        var graph = RiverTown();
        var eta = TravelTimeSearch.EtasTo(graph, P(600, 150), [("u", P(400, 150))], FreeFlow)["u"];
        Assert.Equal(200, eta.RoadMetres, 1.0);
    }

    [Fact]
    public void Peak_factor_slows_every_road_and_leaves_the_route()
    {
        var graph = RiverTown();
        var free = TravelTimeSearch.EtasTo(graph, P(0, 150), [("u", P(0, 1000))], FreeFlow)["u"];
        var peak = TravelTimeSearch.EtasTo(graph, P(0, 150), [("u", P(0, 1000))], new TravelConditions(0.5, 10))["u"];
        Assert.Equal(free.RoadMetres, peak.RoadMetres, 1e-6);
        Assert.Equal(free.Seconds * 2, peak.Seconds, 1e-6);
    }

    [Fact]
    public void Unreachable_start_points_are_left_out()
    {
        var graph = RoadGraph.Build(
        [
            Road("甲路", (0, 0), (500, 0)),
            Road("孤岛路", (0, 3000), (500, 3000)),
        ], "islands-1");
        var etas = TravelTimeSearch.EtasTo(graph, P(100, 0), [("near", P(400, 0)), ("island", P(100, 3000))], FreeFlow);
        Assert.True(etas.ContainsKey("near"));
        Assert.False(etas.ContainsKey("island"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void One_search_agrees_with_a_separate_search_per_unit_on_random_towns(int seed)
    {
        var random = new Random(seed);
        var (graph, nodes) = RandomTown(random, 12, 10);
        var target = Jitter(random, nodes[random.Next(nodes.Count)]);
        var sources = Enumerable.Range(0, 25).Select(i => (i, Jitter(random, nodes[random.Next(nodes.Count)]))).ToList();

        var etas = TravelTimeSearch.EtasTo(graph, target, sources, FreeFlow);

        foreach (var (key, from) in sources)
        {
            var alone = TravelTimeSearch.EtasTo(graph, target, [(key, from)], FreeFlow);
            var reference = ReferenceSearch.ForwardSeconds(graph, from, target, FreeFlow);
            Assert.Equal(alone.ContainsKey(key), etas.ContainsKey(key));
            Assert.Equal(reference.HasValue, etas.ContainsKey(key));
            if (reference is { } expected) Assert.Equal(expected, etas[key].Seconds, 1e-6);
        }
    }

    private static GeoPoint Jitter(Random random, (double X, double Y) node) =>
        P(node.X + random.Next(-120, 120), node.Y + random.Next(-120, 120));

    /// <summary>A grid town with random speeds, some one-way streets and some missing blocks.</summary>
    internal static (RoadGraph Graph, List<(double X, double Y)> Nodes) RandomTown(Random random, int width, int height)
    {
        var lines = new List<RoadLine>();
        var nodes = new List<(double X, double Y)>();
        for (var x = 0; x < width; x++)
        for (var y = 0; y < height; y++)
        {
            var here = (x * 300.0, y * 300.0);
            nodes.Add(here);
            if (x + 1 < width && random.NextDouble() > 0.1)
                lines.Add(Road($"东西{y}", random.Next(15, 60), random.NextDouble() < 0.2, here, ((x + 1) * 300.0, y * 300.0)));
            if (y + 1 < height && random.NextDouble() > 0.1)
                lines.Add(Road($"南北{x}", random.Next(15, 60), random.NextDouble() < 0.2, here, (x * 300.0, (y + 1) * 300.0)));
        }
        return (RoadGraph.Build(lines, $"random-{width}x{height}"), nodes);
    }
}
