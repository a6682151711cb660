using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Roads;

/// <summary>A reachable stretch of one segment, as fractions from the segment's first vertex (<see cref="From"/> &lt;= <see cref="To"/>).</summary>
public readonly record struct ReachedPiece(int Segment, double From, double To);

/// <summary>The fastest start and its travel time to a place; <see cref="Start"/> indexes the starts given to the search.</summary>
public readonly record struct Arrival(int Start, double Seconds);

/// <summary>
/// One Dijkstra search forwards from one or several start points (units, staging points): the time
/// of the fastest start to every node, from which follow the travel time to any point and the road
/// pieces reachable within any limit up to the budget. Costs exactly as <see cref="TravelTimeSearch"/>:
/// snapped starts drive off-road at the approach speed, roads at their speed times the speed factor,
/// one-way streets only forwards; a point's own off-road stretch is added at the end.
/// </summary>
public sealed class ForwardReach
{
    private readonly RoadGraph _graph;
    private readonly TravelConditions _conditions;
    private readonly double[] _seconds;
    private readonly int[] _startOf;
    private readonly RoadPosition[] _starts;
    private readonly double[] _startApproach;

    private ForwardReach(RoadGraph graph, TravelConditions conditions, double budget, double[] seconds, int[] startOf,
        RoadPosition[] starts, double[] startApproach)
    {
        _graph = graph;
        _conditions = conditions;
        BudgetSeconds = budget;
        _seconds = seconds;
        _startOf = startOf;
        _starts = starts;
        _startApproach = startApproach;
    }

    /// <summary>Times up to this are exact; beyond it the search stopped.</summary>
    public double BudgetSeconds { get; }

    public int StartCount => _starts.Length;

    public static ForwardReach From(RoadGraph graph, IReadOnlyList<GeoPoint> starts, TravelConditions conditions,
        double budgetSeconds = double.PositiveInfinity)
    {
        if (conditions.SpeedFactor <= 0 || conditions.ApproachSpeedKph <= 0)
            throw new ArgumentOutOfRangeException(nameof(conditions), "Speeds must be positive.");

        var seconds = new double[graph.NodeCount];
        var startOf = new int[graph.NodeCount];
        Array.Fill(seconds, double.PositiveInfinity);
        Array.Fill(startOf, -1);
        var settled = new bool[graph.NodeCount];
        var queue = new PriorityQueue<int, double>();
        var positions = starts.Select(graph.Snap).ToArray();
        var approach = positions.Select(p => p.OffsetMetres / (conditions.ApproachSpeedKph / 3.6)).ToArray();
        double Seconds(int edge) => graph.EdgeFreeFlowSeconds(edge) / conditions.SpeedFactor;

        void Relax(int node, double s, int start)
        {
            // Ties go to the earlier start, so the answer never depends on the queue's order.
            if (settled[node] || s > budgetSeconds || s > seconds[node] || (s == seconds[node] && start >= startOf[node])) return;
            seconds[node] = s;
            startOf[node] = start;
            queue.Enqueue(node, s);
        }

        for (var i = 0; i < positions.Length; i++)
        {
            var s = graph.SegmentAt(positions[i].Segment);
            if (s.ForwardEdge >= 0) Relax(s.B, approach[i] + (1 - positions[i].Fraction) * Seconds(s.ForwardEdge), i);
            if (s.BackwardEdge >= 0) Relax(s.A, approach[i] + positions[i].Fraction * Seconds(s.BackwardEdge), i);
        }

        while (queue.TryDequeue(out var node, out var cost))
        {
            if (settled[node] || cost > seconds[node]) continue;
            settled[node] = true;
            foreach (var edge in graph.OutgoingEdges(node))
                Relax(graph.EdgeTo(edge), cost + Seconds(edge), startOf[node]);
        }

        return new ForwardReach(graph, conditions, budgetSeconds, seconds, startOf, positions, approach);
    }

    /// <summary>The fastest start to <paramref name="point"/> (snapped, its off-road stretch included); null when none gets there within the budget.</summary>
    public Arrival? ArrivalAt(GeoPoint point)
    {
        var position = _graph.Snap(point);
        var s = _graph.SegmentAt(position.Segment);
        var best = new Arrival(-1, double.PositiveInfinity);

        void Consider(int start, double seconds)
        {
            if (start < 0) return;
            if (seconds < best.Seconds || (seconds == best.Seconds && start < best.Start)) best = new Arrival(start, seconds);
        }

        if (s.ForwardEdge >= 0) Consider(_startOf[s.A], _seconds[s.A] + position.Fraction * EdgeSeconds(s.ForwardEdge));
        if (s.BackwardEdge >= 0) Consider(_startOf[s.B], _seconds[s.B] + (1 - position.Fraction) * EdgeSeconds(s.BackwardEdge));
        for (var i = 0; i < _starts.Length; i++)
        {
            if (_starts[i].Segment != position.Segment) continue;
            var along = position.Fraction - _starts[i].Fraction;
            if (along >= 0 && s.ForwardEdge >= 0) Consider(i, _startApproach[i] + along * EdgeSeconds(s.ForwardEdge));
            if (along <= 0 && s.BackwardEdge >= 0) Consider(i, _startApproach[i] - along * EdgeSeconds(s.BackwardEdge));
        }

        var total = best.Seconds + position.OffsetMetres / (_conditions.ApproachSpeedKph / 3.6);
        return best.Start < 0 || total > BudgetSeconds ? null : best with { Seconds = total };
    }

    /// <summary>The parts of one segment reached within <paramref name="limitSeconds"/> (at most the budget), merged and ordered.</summary>
    public IReadOnlyList<ReachedPiece> PiecesOf(int segment, double limitSeconds)
    {
        var limit = Math.Min(limitSeconds, BudgetSeconds);
        var s = _graph.SegmentAt(segment);
        var spans = new List<(double From, double To)>();
        double forward = s.ForwardEdge >= 0 ? EdgeSeconds(s.ForwardEdge) : double.NaN;
        double backward = s.BackwardEdge >= 0 ? EdgeSeconds(s.BackwardEdge) : double.NaN;

        // Entering at the first vertex and driving forwards, or at the last and driving backwards: cut where time runs out.
        if (s.ForwardEdge >= 0 && _seconds[s.A] < limit) spans.Add((0, Math.Min(1, (limit - _seconds[s.A]) / forward)));
        if (s.BackwardEdge >= 0 && _seconds[s.B] < limit) spans.Add((Math.Max(0, 1 - (limit - _seconds[s.B]) / backward), 1));
        for (var i = 0; i < _starts.Length; i++)
        {
            if (_starts[i].Segment != segment || _startApproach[i] > limit) continue;
            var f = _starts[i].Fraction;
            var left = limit - _startApproach[i];
            if (s.ForwardEdge >= 0) spans.Add((f, Math.Min(1, f + left / forward)));
            if (s.BackwardEdge >= 0) spans.Add((Math.Max(0, f - left / backward), f));
        }

        var pieces = new List<ReachedPiece>();
        foreach (var (from, to) in spans.OrderBy(x => x.From))
        {
            if (pieces.Count > 0 && from <= pieces[^1].To)
                pieces[^1] = pieces[^1] with { To = Math.Max(pieces[^1].To, to) };
            else
                pieces.Add(new ReachedPiece(segment, from, to));
        }
        return pieces.Where(p => p.To > p.From).ToList();
    }

    /// <summary>Every reachable piece of the network within <paramref name="limitSeconds"/>.</summary>
    public IReadOnlyList<ReachedPiece> Pieces(double limitSeconds) =>
        Enumerable.Range(0, _graph.SegmentCount).SelectMany(s => PiecesOf(s, limitSeconds)).ToList();

    public double Metres(ReachedPiece piece) => (piece.To - piece.From) * _graph.SegmentAt(piece.Segment).Metres;

    private double EdgeSeconds(int edge) => _graph.EdgeFreeFlowSeconds(edge) / _conditions.SpeedFactor;
}
