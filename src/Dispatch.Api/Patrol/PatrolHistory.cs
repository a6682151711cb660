using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Marten;
using NodaTime;

namespace Dispatch.Api.Patrol;

/// <summary>The visits and alerts of every must-patrol point and line for intervals starting in [from, to), from the day documents.</summary>
public static class PatrolHistory
{
    public static async Task<IReadOnlyDictionary<string, PatrolPointState>> LoadAsync(IQuerySession session, ReferenceData reference,
        Instant from, Instant to, CancellationToken cancellation)
    {
        var ids = PatrolDay.IdsCovering(reference.PatrolTargetIds, from, to);
        return PatrolDay.Assemble(await session.LoadManyAsync<PatrolDay>(cancellation, ids.ToArray()));
    }
}
