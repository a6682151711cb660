using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;

namespace Dispatch.Domain.Tests;

/// <summary>
/// A deliberately different, slow oracle: a forward search from one start over every vertex and
/// partial segment, built only from the public graph API and the segments' geometry.
/// </summary>
public static class ReferenceSearch
{
    public static double? ForwardSeconds(RoadGraph graph, GeoPoint from, GeoPoint to, TravelConditions conditions)
    {
        // Model start and target as extra vertices splitting their segments, then plain Dijkstra forwards.
        var start = graph.Snap(from);
        var end = graph.Snap(to);
        var approachSpeed = conditions.ApproachSpeedKph / 3.6;
        var adjacency = new Dictionary<string, List<(string To, double Seconds)>>();

        void Edge(string a, string b, double seconds)
        {
            if (!adjacency.TryGetValue(a, out var list)) adjacency[a] = list = [];
            list.Add((b, seconds));
        }

        for (var s = 0; s < graph.SegmentCount; s++)
        {
            var attributes = graph.SegmentAttributes(s);
            var (a, b, _, _, metres) = graph.SegmentAt(s);
            var speed = attributes.SpeedKph / 3.6 * conditions.SpeedFactor;
            // Cut points along this segment: its two ends plus start/target if they lie on it.
            var cuts = new List<(double T, string Name)> { (0, $"n{a}"), (1, $"n{b}") };
            if (start.Segment == s) cuts.Add((start.Fraction, "start"));
            if (end.Segment == s) cuts.Add((end.Fraction, "end"));
            cuts = cuts.OrderBy(c => c.T).ToList();
            for (var i = 1; i < cuts.Count; i++)
            {
                var seconds = (cuts[i].T - cuts[i - 1].T) * metres / speed;
                Edge(cuts[i - 1].Name, cuts[i].Name, seconds);
                if (!attributes.OneWay) Edge(cuts[i].Name, cuts[i - 1].Name, seconds);
            }
        }

        var best = new Dictionary<string, double> { ["start"] = 0 };
        var queue = new PriorityQueue<string, double>();
        queue.Enqueue("start", 0);
        while (queue.TryDequeue(out var node, out var cost))
        {
            if (cost > best[node]) continue;
            if (node == "end")
                return cost + start.OffsetMetres / approachSpeed + end.OffsetMetres / approachSpeed;
            foreach (var (next, seconds) in adjacency.GetValueOrDefault(node) ?? [])
            {
                var candidate = cost + seconds;
                if (candidate < best.GetValueOrDefault(next, double.PositiveInfinity))
                {
                    best[next] = candidate;
                    queue.Enqueue(next, candidate);
                }
            }
        }
        return null;
    }
}
