using Dispatch.Api.Hosting;
using Dispatch.Api.Incidents;
using Dispatch.Domain;
using Dispatch.Domain.Units;
using Marten;
using Wolverine.Runtime;

namespace Dispatch.Api.Units;

/// <summary>
/// The shape of every write a unit makes about itself: load the stream, honour an expected version,
/// decide, append, and when the unit became dispatchable let the pending queue know, all in one commit.
/// </summary>
public static class UnitWrites
{
    public static async Task<IResult> ApplyAsync(Guid id, long? expectedVersion, Func<UnitState?, Decision> decide,
        HttpContext http, IDocumentStore store, IWolverineRuntime wolverine, CancellationToken cancellation)
    {
        if (id == Guid.Empty) return Problems.NotFound($"Unit {id}", http);
        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<UnitState>(id, cancellation);
        if (UnitVersions.Stale(stream.Aggregate, expectedVersion, http) is { } stale) return stale;
        var decision = decide(stream.Aggregate);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (!decision.IsNoOp)
        {
            stream.AppendMany(decision.Events.ToArray());
            var after = decision.Events.Aggregate(stream.Aggregate, UnitDecider.Evolve)!;
            if (UnitState.IsDispatchable(after.Status))
                await write.Outbox.PublishAsync(new UnitAvailable(id, write.Caller.Actor, write.Caller.CorrelationId));
            await write.Session.SaveChangesAsync(cancellation);
        }
        return UnitVersions.Answer(stream.Aggregate!, decision, http);
    }
}
