using Dispatch.Domain.RollCalls;
using Marten;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.RollCalls;

/// <summary>Closes a roll call at its time, naming the posts that never answered; early (clock skew) it waits again.</summary>
public static class CloseRollCallHandler
{
    public const string Actor = "system:roll-call";

    public static async Task Handle(CloseRollCall command, IDocumentStore store, IMessageContext context, IClock clock,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<RollCallState>(command.RollCallId, cancellation);
        var now = clock.GetCurrentInstant();
        if (stream.Aggregate is { Closed: false } call && now < call.ClosesAt)
        {
            await context.ScheduleAsync(command, (call.ClosesAt - now).ToTimeSpan());
            return;
        }
        var decision = RollCallDecider.Close(stream.Aggregate, Actor, now);
        if (decision.IsNoOp) return;
        stream.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
    }
}
