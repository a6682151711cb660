using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Subscriptions;

namespace Dispatch.Api.Feed;

/// <summary>
/// The feed reads up to the daemon's high-water mark, and the daemon detects that mark only while it has a shard to
/// run. This subscription gives it one: it does nothing with the events (it asks for one rare type, so few are
/// loaded); its point is the mark, which the daemon node keeps in mt_event_progression for every node to read.
/// </summary>
public sealed class FeedHighWaterSubscription : SubscriptionBase
{
    public FeedHighWaterSubscription()
    {
        Name = "FeedHighWater";
        IncludeType<Domain.Incidents.IncidentReopened>();
    }

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken) => Task.FromResult<IChangeListener>(new NoChanges());

    private sealed class NoChanges : IChangeListener
    {
        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
