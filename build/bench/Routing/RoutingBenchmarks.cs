using BenchmarkDotNet.Attributes;
using Dispatch.Domain.Roads;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

namespace Dispatch.Bench.Routing;

/// <summary>
/// One operation is one pass over the graph's incidents (<see cref="BenchGraph.Incidents"/>, fewer on larger graphs so the
/// slow baseline fits the budget); per incident, the travel time of every unit to it. Ours is exactly what dispatch runs
/// (<see cref="Dispatch.Domain.Dispatching.Recommendation"/>): one <see cref="TravelTimeSearch.EtasTo{TKey}"/> call,
/// snapping included. The baseline snaps the same points with the same code, then runs QuikGraph's Dijkstra once per
/// unit from the unit's end of its segment, as a graph library is ordinarily used (the search runs to completion).
/// </summary>
public abstract class RoutingBenchmarks
{

    private BenchGraph _graph = null!;
    private AdjacencyGraph<int, TaggedEdge<int, double>> _quik = null!;
    private List<(int A, int B, bool OneWay, double Seconds)> _segments = null!;
    private readonly Func<TaggedEdge<int, double>, double> _weight = e => e.Tag;

    protected abstract BenchGraph Load();

    /// <summary>The class's own name (BenchmarkDotNet runs an emitted subclass, so not GetType().Name).</summary>
    protected abstract string Key { get; }

    public BenchGraph Graph => _graph;

    [GlobalSetup]
    public void Setup()
    {
        _graph = Load();
        (_quik, _segments) = _graph.ToQuikGraph();
        Program.Graphs[Key] = (_graph.Describe(), _graph.Incidents.Count);
    }

    [Benchmark]
    public int Ours()
    {
        var reached = 0;
        foreach (var incident in _graph.Incidents)
            reached += TravelTimeSearch.EtasTo(_graph.Roads, incident, _graph.Units, _graph.Conditions).Count;
        return reached;
    }

    [Benchmark]
    public int QuikGraphPerUnit()
    {
        var reached = 0;
        foreach (var incident in _graph.Incidents)
        {
            var target = _segments[_graph.Roads.Snap(incident).Segment].A;
            foreach (var (_, from) in _graph.Units)
            {
                var s = _segments[_graph.Roads.Snap(from).Segment];
                var dijkstra = new DijkstraShortestPathAlgorithm<int, TaggedEdge<int, double>>(_quik, _weight);
                dijkstra.Compute(s.B);
                if (dijkstra.TryGetDistance(target, out var seconds) && !double.IsInfinity(seconds)) reached++;
            }
        }
        return reached;
    }
}

public class County : RoutingBenchmarks
{
    protected override string Key => nameof(County);

    protected override BenchGraph Load()
    {
        var county = BenchGraph.County(Program.DataDirectory);
        // Sixteen of the plan's places, spread through the list.
        var step = county.Incidents.Count / 16.0;
        return new BenchGraph
        {
            Name = county.Name, Roads = county.Roads, Lines = county.Lines, Units = county.Units,
            Incidents = Enumerable.Range(0, 16).Select(i => county.Incidents[(int)(i * step)]).ToList(),
        };
    }
}

public class Grid10K : RoutingBenchmarks
{
    protected override string Key => nameof(Grid10K);

    protected override BenchGraph Load() => BenchGraph.Grid(10_000, incidents: 8);
}

public class Grid100K : RoutingBenchmarks
{
    protected override string Key => nameof(Grid100K);

    protected override BenchGraph Load() => BenchGraph.Grid(100_000, incidents: 2);
}

/// <summary>Only ours: the per-unit baseline would take minutes per operation here.</summary>
public class Grid1M
{
    private BenchGraph _graph = null!;

    [GlobalSetup]
    public void Setup()
    {
        _graph = BenchGraph.Grid(1_000_000, incidents: 2);
        Program.Graphs[nameof(Grid1M)] = (_graph.Describe(), _graph.Incidents.Count);
    }

    [Benchmark]
    public int Ours()
    {
        var reached = 0;
        foreach (var incident in _graph.Incidents)
            reached += TravelTimeSearch.EtasTo(_graph.Roads, incident, _graph.Units, _graph.Conditions).Count;
        return reached;
    }
}
