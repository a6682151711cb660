using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using QuikGraph;

namespace Dispatch.Bench.Routing;

/// <summary>A road network with its units and incidents, as dispatch sees them, and the same network as a QuikGraph graph.</summary>
public sealed class BenchGraph
{
    public required string Name { get; init; }
    public required RoadGraph Roads { get; init; }
    public required IReadOnlyList<RoadLine> Lines { get; init; }
    public required IReadOnlyList<(Guid Key, GeoPoint From)> Units { get; init; }
    public required IReadOnlyList<GeoPoint> Incidents { get; init; }
    public TravelConditions Conditions { get; init; } = TravelConditions.FreeFlow;

    public string Describe() => $"{Roads.NodeCount} nodes, {Roads.EdgeCount} edges, {Units.Count} units";

    /// <summary>
    /// The same nodes, edges and segments as <see cref="RoadGraph.Build"/> makes (same vertex key, same order), so a
    /// <see cref="RoadPosition.Segment"/> from <see cref="RoadGraph.Snap"/> indexes <see cref="Segments"/>.
    /// </summary>
    public (AdjacencyGraph<int, TaggedEdge<int, double>> Graph, List<(int A, int B, bool OneWay, double Seconds)> Segments) ToQuikGraph()
    {
        var graph = new AdjacencyGraph<int, TaggedEdge<int, double>>(allowParallelEdges: true, vertexCapacity: Roads.NodeCount, edgeCapacity: 4);
        var segments = new List<(int, int, bool, double)>(Roads.SegmentCount);
        var index = new Dictionary<(long, long), int>();
        int NodeOf(GeoPoint p)
        {
            var key = ((long)Math.Round(p.Lat * 1e7), (long)Math.Round(p.Lon * 1e7));
            if (index.TryGetValue(key, out var i)) return i;
            index[key] = index.Count;
            graph.AddVertex(index.Count - 1);
            return index.Count - 1;
        }
        foreach (var line in Lines)
        {
            for (var i = 1; i < line.Points.Count; i++)
            {
                var a = NodeOf(line.Points[i - 1]);
                var b = NodeOf(line.Points[i]);
                if (a == b) continue;
                var seconds = line.Points[i - 1].MetresTo(line.Points[i]) / (line.Attributes.SpeedKph / 3.6);
                graph.AddEdge(new TaggedEdge<int, double>(a, b, seconds));
                if (!line.Attributes.OneWay) graph.AddEdge(new TaggedEdge<int, double>(b, a, seconds));
                segments.Add((a, b, line.Attributes.OneWay, seconds));
            }
        }
        if (graph.VertexCount != Roads.NodeCount || segments.Count != Roads.SegmentCount)
            throw new InvalidOperationException($"{Name}: the QuikGraph copy has {graph.VertexCount} nodes and {segments.Count} segments, " +
                                                $"the road graph {Roads.NodeCount} and {Roads.SegmentCount}.");
        return (graph, segments);
    }

    public static BenchGraph County(string dataDirectory)
    {
        var reference = ReferenceData.Load(name => File.ReadAllText(Path.Combine(dataDirectory, name)));
        var units = reference.Units.Select(u => (u.Id, reference.PlacesById[u.HomePlaceId].Location)).ToList();
        // Incidents at every place of the plan (points, key places, posts), a spread of the county's calls.
        var incidents = reference.Places.Select(p => p.Location).ToList();
        return new BenchGraph { Name = "county", Roads = reference.Roads, Lines = reference.RoadLines, Units = units, Incidents = incidents };
    }

    /// <summary>
    /// A grid-like street network of about <paramref name="nodes"/> intersections 150 m apart (positions jittered),
    /// a fifth of the blocks' sides missing (mean degree about 3.2), every tenth street a 50 km/h arterial, the rest
    /// 30 km/h, one street in eight one-way; 20 units and the incidents spread over it. Deterministic for a size.
    /// </summary>
    public static BenchGraph Grid(int nodes, int incidents)
    {
        var side = (int)Math.Round(Math.Sqrt(nodes));
        var random = new Random(20260 + side);
        const double spacing = 150, originLat = 33.0, originLon = 113.0;
        var degreesLat = spacing / 111_320.0;
        var degreesLon = spacing / (111_320.0 * Math.Cos(originLat * Math.PI / 180));
        var points = new GeoPoint[side, side];
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
                points[r, c] = new GeoPoint(originLat + (r + (random.NextDouble() - 0.5) * 0.25) * degreesLat,
                    originLon + (c + (random.NextDouble() - 0.5) * 0.25) * degreesLon);

        var lines = new List<RoadLine>();
        void Street(Func<int, GeoPoint> at, int street, string name)
        {
            var arterial = street % 10 == 0;
            var attributes = new RoadAttributes($"{name} {street}", null, arterial ? "primary" : "residential", arterial ? 50 : 30,
                OneWay: !arterial && random.Next(8) == 0);
            var run = new List<GeoPoint> { at(0) };
            for (var i = 1; i < side; i++)
            {
                // Arterials run through; a side street loses a block's side now and then.
                if (!arterial && random.NextDouble() < 0.2)
                {
                    if (run.Count > 1) lines.Add(new RoadLine(run, attributes));
                    run = [at(i)];
                    continue;
                }
                run.Add(at(i));
            }
            if (run.Count > 1) lines.Add(new RoadLine(run, attributes));
        }
        for (var r = 0; r < side; r++) Street(c => points[r, c], r, "East-West");
        for (var c = 0; c < side; c++) Street(r => points[r, c], c, "North-South");

        GeoPoint Anywhere() => new(originLat + random.NextDouble() * (side - 1) * degreesLat, originLon + random.NextDouble() * (side - 1) * degreesLon);
        var units = Enumerable.Range(0, 20).Select(i => (new Guid(i + 1, 0, 0, new byte[8]), Anywhere())).ToList();
        var incidentPoints = Enumerable.Range(0, incidents).Select(_ => Anywhere()).ToList();
        return new BenchGraph
        {
            Name = $"grid-{side * side}", Roads = RoadGraph.Build(lines, $"grid-{side}"), Lines = lines, Units = units, Incidents = incidentPoints,
        };
    }
}
