using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Dispatch.Api.Feed;

/// <summary>
/// One integration CloudEvent on its way to the broker: the structured-mode JSON as sent, the CloudEvent id (also the
/// AMQP message-id) and the contract name (the routing key).
/// </summary>
public sealed record FeedBrokerMessage(string Id, string Contract, long Sequence, byte[] Body);

/// <summary>
/// Marten subscription (run by the async daemon) that turns each batch of stored events into CloudEvents and
/// publishes them. Wolverine enlists <paramref name="bus"/> in the daemon's session, so the messages go into the durable
/// outbox in the same transaction that moves this subscription's progress past the batch: either both are stored or
/// neither is, and a batch that was not stored is read again from the last checkpoint.
/// </summary>
public sealed class FeedBrokerSubscription : BatchSubscription
{
    public const string Name = "FeedBroker";
    private readonly FeedMapper _mapper;

    public FeedBrokerSubscription(FeedMapper mapper) : base(Name)
    {
        _mapper = mapper;
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        foreach (var item in await _mapper.MapAsync(page.Events, operations, cancellationToken))
            await bus.PublishAsync(new FeedBrokerMessage(item.Event.Id!, item.Contract, item.Sequence, StructuredCloudEvent.Encode(item.Event)));
    }
}
