namespace Bench;

/// <summary>Latencies in milliseconds; percentiles by nearest rank, so every figure is a latency that was measured.</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds)
    {
        lock (_values) _values.Add(milliseconds);
    }

    public double Percentile(double p)
    {
        if (_values.Count == 0) throw new InvalidOperationException("no samples");
        var sorted = _values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
