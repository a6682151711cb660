using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Roads;

/// <summary>Time and distance travelled from a start point to the target, the stretches off the road included.</summary>
public sealed record RoadEta(double Seconds, double RoadMetres);

/// <summary>How travel is costed: a speed factor on every road (below 1 at peak hours) and the speed for the last metres off the road.</summary>
public sealed record TravelConditions(double SpeedFactor, double ApproachSpeedKph)
{
    public static readonly TravelConditions FreeFlow = new(1.0, 10);
}

/// <summary>
/// One Dijkstra search from the target over the reversed graph yields the travel time of every
/// start point at once, instead of one search per unit.
/// </summary>
public static class TravelTimeSearch
{
    public static IReadOnlyDictionary<TKey, RoadEta> EtasTo<TKey>(
        RoadGraph graph, GeoPoint target, IReadOnlyList<(TKey Key, GeoPoint From)> sources, TravelConditions conditions)
        where TKey : notnull
    {
        if (conditions.SpeedFactor <= 0 || conditions.ApproachSpeedKph <= 0)
            throw new ArgumentOutOfRangeException(nameof(conditions), "Speeds must be positive.");

        var result = new Dictionary<TKey, RoadEta>();
        if (sources.Count == 0) return result;

        double Seconds(int edge) => graph.EdgeFreeFlowSeconds(edge) / conditions.SpeedFactor;
        double Approach(double metres) => metres / (conditions.ApproachSpeedKph / 3.6);

        var targetPos = graph.Snap(target);
        var ts = graph.SegmentAt(targetPos.Segment);
        var seconds = new double[graph.NodeCount];
        var metresTo = new double[graph.NodeCount];
        Array.Fill(seconds, double.PositiveInfinity);
        var settled = new bool[graph.NodeCount];
        var queue = new PriorityQueue<int, double>();

        void Seed(int node, double s, double m)
        {
            if (s >= seconds[node]) return;
            seconds[node] = s;
            metresTo[node] = m;
            queue.Enqueue(node, s);
        }

        var targetApproach = Approach(targetPos.OffsetMetres);
        var targetOff = targetPos.OffsetMetres;
        if (ts.ForwardEdge >= 0)
            Seed(ts.A, targetApproach + targetPos.Fraction * Seconds(ts.ForwardEdge), targetOff + targetPos.Fraction * ts.Metres);
        if (ts.BackwardEdge >= 0)
            Seed(ts.B, targetApproach + (1 - targetPos.Fraction) * Seconds(ts.BackwardEdge), targetOff + (1 - targetPos.Fraction) * ts.Metres);

        var sourcePositions = sources.Select(s => graph.Snap(s.From)).ToArray();
        var pending = new HashSet<int>();
        foreach (var p in sourcePositions)
        {
            var s = graph.SegmentAt(p.Segment);
            pending.Add(s.A);
            pending.Add(s.B);
        }

        while (pending.Count > 0 && queue.TryDequeue(out var node, out var cost))
        {
            if (settled[node] || cost > seconds[node]) continue;
            settled[node] = true;
            pending.Remove(node);
            foreach (var edge in graph.IncomingEdges(node))
            {
                var from = graph.EdgeFrom(edge);
                var candidate = cost + Seconds(edge);
                if (candidate < seconds[from])
                {
                    seconds[from] = candidate;
                    metresTo[from] = metresTo[node] + graph.EdgeMetres(edge);
                    queue.Enqueue(from, candidate);
                }
            }
        }

        for (var i = 0; i < sources.Count; i++)
        {
            var pos = sourcePositions[i];
            var s = graph.SegmentAt(pos.Segment);
            var approach = Approach(pos.OffsetMetres);
            var off = pos.OffsetMetres;
            var best = new RoadEta(double.PositiveInfinity, double.PositiveInfinity);

            void Consider(double sec, double metres)
            {
                if (sec < best.Seconds) best = new RoadEta(sec, metres);
            }

            // Drive along the own segment to one of its ends, then the searched path.
            if (s.ForwardEdge >= 0 && !double.IsInfinity(seconds[s.B]))
                Consider(approach + (1 - pos.Fraction) * Seconds(s.ForwardEdge) + seconds[s.B],
                    off + (1 - pos.Fraction) * s.Metres + metresTo[s.B]);
            if (s.BackwardEdge >= 0 && !double.IsInfinity(seconds[s.A]))
                Consider(approach + pos.Fraction * Seconds(s.BackwardEdge) + seconds[s.A],
                    off + pos.Fraction * s.Metres + metresTo[s.A]);

            // Start and target on the same segment: straight along it, where the direction is allowed.
            if (pos.Segment == targetPos.Segment)
            {
                var along = targetPos.Fraction - pos.Fraction;
                if (along >= 0 && s.ForwardEdge >= 0)
                    Consider(approach + targetApproach + along * Seconds(s.ForwardEdge), off + targetOff + along * s.Metres);
                if (along <= 0 && s.BackwardEdge >= 0)
                    Consider(approach + targetApproach - along * Seconds(s.BackwardEdge), off + targetOff - along * s.Metres);
            }

            if (!double.IsInfinity(best.Seconds)) result[sources[i].Key] = best;
        }
        return result;
    }
}
