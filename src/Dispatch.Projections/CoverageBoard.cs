using Dispatch.Domain.Units;

namespace Dispatch.Projections;

/// <summary>
/// Every unit's state as the coverage view needs it (status, position), in one small document kept by
/// an asynchronous projection, with the sequence of the last unit event it includes.
/// </summary>
public sealed record CoverageBoard(string Id, IReadOnlyList<UnitState> Units, long LastSequence)
{
    public const string CountyId = "county";
}
