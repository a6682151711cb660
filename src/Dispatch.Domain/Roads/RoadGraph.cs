using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Roads;

public sealed record RoadLine(IReadOnlyList<GeoPoint> Points, RoadAttributes Attributes);

public sealed record RoadAttributes(string Name, string? Section, string RoadClass, double SpeedKph, bool OneWay);

/// <summary>Where a point meets the road network: on segment <see cref="Segment"/> at <see cref="Fraction"/> from its first vertex.</summary>
public readonly record struct RoadPosition(int Segment, double Fraction, double OffsetMetres);

/// <summary>
/// The road network as a directed graph. Streets connect only where they share a vertex, so an
/// overpass is two streets without a common vertex. Immutable once built; safe to share.
/// </summary>
public sealed class RoadGraph
{
    private readonly GeoPoint[] _nodes;
    private readonly (double X, double Y)[] _nodeXy;
    private readonly int[] _edgeFrom;
    private readonly int[] _edgeTo;
    private readonly double[] _edgeMetres;
    private readonly double[] _edgeFreeFlowSeconds;
    private readonly int[] _reverseStart;
    private readonly int[] _reverseEdges;
    private readonly int[] _forwardStart;
    private readonly int[] _forwardEdges;
    private readonly Segment[] _segments;
    private readonly RoadAttributes[] _segmentAttributes;
    private readonly LocalProjection _projection;

    private readonly record struct Segment(int A, int B, int ForwardEdge, int BackwardEdge, double Metres);

    private RoadGraph(string version, GeoPoint[] nodes, List<(int From, int To, double Metres, double Seconds)> edges,
        List<Segment> segments, List<RoadAttributes> segmentAttributes, LocalProjection projection)
    {
        Version = version;
        _nodes = nodes;
        _projection = projection;
        _nodeXy = nodes.Select(projection.ToMetres).ToArray();
        _edgeFrom = edges.Select(e => e.From).ToArray();
        _edgeTo = edges.Select(e => e.To).ToArray();
        _edgeMetres = edges.Select(e => e.Metres).ToArray();
        _edgeFreeFlowSeconds = edges.Select(e => e.Seconds).ToArray();
        _segments = segments.ToArray();
        _segmentAttributes = segmentAttributes.ToArray();

        // Compressed adjacency of incoming edges: the search runs from the incident backwards.
        _reverseStart = new int[nodes.Length + 1];
        foreach (var to in _edgeTo) _reverseStart[to + 1]++;
        for (var i = 0; i < nodes.Length; i++) _reverseStart[i + 1] += _reverseStart[i];
        _reverseEdges = new int[_edgeTo.Length];
        var fill = (int[])_reverseStart.Clone();
        for (var e = 0; e < _edgeTo.Length; e++) _reverseEdges[fill[_edgeTo[e]]++] = e;

        // And of outgoing edges, for searches forwards from units and staging points (coverage, isochrones).
        _forwardStart = new int[nodes.Length + 1];
        foreach (var from in _edgeFrom) _forwardStart[from + 1]++;
        for (var i = 0; i < nodes.Length; i++) _forwardStart[i + 1] += _forwardStart[i];
        _forwardEdges = new int[_edgeFrom.Length];
        fill = (int[])_forwardStart.Clone();
        for (var e = 0; e < _edgeFrom.Length; e++) _forwardEdges[fill[_edgeFrom[e]]++] = e;
    }

    public string Version { get; }
    public int NodeCount => _nodes.Length;
    public int EdgeCount => _edgeFrom.Length;
    public int SegmentCount => _segments.Length;
    public double TotalSegmentMetres => _segments.Sum(s => s.Metres);

    public static RoadGraph Build(IEnumerable<RoadLine> lines, string version)
    {
        var lineList = lines.ToList();
        if (lineList.Count == 0) throw new InvalidDataException("The road network has no roads.");
        var referenceLat = lineList.SelectMany(l => l.Points).Average(p => p.Lat);
        var projection = new LocalProjection(referenceLat);

        var nodeIndex = new Dictionary<(long, long), int>();
        var nodes = new List<GeoPoint>();
        var edges = new List<(int, int, double, double)>();
        var segments = new List<Segment>();
        var attributes = new List<RoadAttributes>();

        int NodeOf(GeoPoint p)
        {
            // Vertices are the same node when equal to 1e-7 degrees (about 1 cm).
            var key = ((long)Math.Round(p.Lat * 1e7), (long)Math.Round(p.Lon * 1e7));
            if (nodeIndex.TryGetValue(key, out var index)) return index;
            nodeIndex[key] = nodes.Count;
            nodes.Add(p);
            return nodes.Count - 1;
        }

        foreach (var line in lineList)
        {
            if (line.Attributes.SpeedKph <= 0)
                throw new InvalidDataException($"Road '{line.Attributes.Name}' has a non-positive speed.");
            for (var i = 1; i < line.Points.Count; i++)
            {
                var a = NodeOf(line.Points[i - 1]);
                var b = NodeOf(line.Points[i]);
                if (a == b) continue;
                var metres = line.Points[i - 1].MetresTo(line.Points[i]);
                var seconds = metres / (line.Attributes.SpeedKph / 3.6);
                edges.Add((a, b, metres, seconds));
                var forward = edges.Count - 1;
                var backward = -1;
                if (!line.Attributes.OneWay)
                {
                    edges.Add((b, a, metres, seconds));
                    backward = edges.Count - 1;
                }
                segments.Add(new Segment(a, b, forward, backward, metres));
                attributes.Add(line.Attributes);
            }
        }

        return new RoadGraph(version, nodes.ToArray(), edges, segments, attributes, projection);
    }

    public GeoPoint Node(int node) => _nodes[node];
    public double SegmentMetres(int segment) => _segments[segment].Metres;
    public RoadAttributes SegmentAttributes(int segment) => _segmentAttributes[segment];

    public GeoPoint PointOn(RoadPosition position)
    {
        var s = _segments[position.Segment];
        var (ax, ay) = _nodeXy[s.A];
        var (bx, by) = _nodeXy[s.B];
        return _projection.ToGeo(ax + (bx - ax) * position.Fraction, ay + (by - ay) * position.Fraction);
    }

    /// <summary>The nearest point of the network to <paramref name="point"/>; ties go to the lower segment index.</summary>
    public RoadPosition Snap(GeoPoint point)
    {
        var (px, py) = _projection.ToMetres(point);
        var best = new RoadPosition(-1, 0, double.PositiveInfinity);
        for (var i = 0; i < _segments.Length; i++)
        {
            var s = _segments[i];
            var (ax, ay) = _nodeXy[s.A];
            var (bx, by) = _nodeXy[s.B];
            double dx = bx - ax, dy = by - ay;
            var lengthSquared = dx * dx + dy * dy;
            var t = lengthSquared == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / lengthSquared, 0, 1);
            double ex = ax + t * dx - px, ey = ay + t * dy - py;
            var offset = Math.Sqrt(ex * ex + ey * ey);
            if (offset < best.OffsetMetres) best = new RoadPosition(i, t, offset);
        }
        return best;
    }

    internal (int A, int B, int ForwardEdge, int BackwardEdge, double Metres) SegmentAt(int segment)
    {
        var s = _segments[segment];
        return (s.A, s.B, s.ForwardEdge, s.BackwardEdge, s.Metres);
    }

    internal int EdgeFrom(int edge) => _edgeFrom[edge];
    internal int EdgeTo(int edge) => _edgeTo[edge];
    internal double EdgeMetres(int edge) => _edgeMetres[edge];
    internal double EdgeFreeFlowSeconds(int edge) => _edgeFreeFlowSeconds[edge];
    internal ReadOnlySpan<int> IncomingEdges(int node) =>
        _reverseEdges.AsSpan(_reverseStart[node], _reverseStart[node + 1] - _reverseStart[node]);

    internal ReadOnlySpan<int> OutgoingEdges(int node) =>
        _forwardEdges.AsSpan(_forwardStart[node], _forwardStart[node + 1] - _forwardStart[node]);
}
