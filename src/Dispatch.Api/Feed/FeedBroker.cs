using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;
using Wolverine.Marten;
using Wolverine.RabbitMQ;
using Wolverine.Runtime.Serialization;

namespace Dispatch.Api.Feed;

/// <summary>
/// Publishing the integration feed to RabbitMQ: a topic exchange (default <c>wuyang.feed</c>), routing key = contract
/// name, body = the CloudEvent in structured-mode JSON, AMQP message-id = CloudEvent id, persistent, publisher-confirmed,
/// through Wolverine's durable outbox. Off unless <c>Feed:RabbitMq:Uri</c> is set.
/// </summary>
public static class FeedBroker
{
    public const string DefaultExchange = "wuyang.feed";

    public static bool IsConfigured(IConfiguration config) => !string.IsNullOrWhiteSpace(config["Feed:RabbitMq:Uri"]);

    public static void AddFeedBroker(this WolverineOptions opts, IConfiguration config)
    {
        var exchange = config["Feed:RabbitMq:Exchange"] ?? DefaultExchange;
        opts.UseRabbitMq(new Uri(config["Feed:RabbitMq:Uri"]!))
            .AutoProvision()
            // Without publisher confirms a publish counts as done once it is written to the socket, and Wolverine then
            // deletes it from the outbox: a connection lost at that moment would lose the message. With them, the
            // outbox row goes only after the broker has taken the message.
            .ConfigureChannelCreation(o =>
            {
                o.PublisherConfirmationsEnabled = true;
                o.PublisherConfirmationTrackingEnabled = true;
            });
        opts.PublishMessagesToRabbitMqExchange<FeedBrokerMessage>(exchange, m => m.Contract)
            .UseDurableOutbox()
            .DefaultSerializer(new StructuredCloudEventSerializer())
            .AddOutgoingRule(new CloudEventIdAsMessageId());
    }

    public static void AddFeedBroker(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.Services.TryAddSingleton<FeedMapper>();
        marten.SubscribeToEventsWithServices<FeedBrokerSubscription>(ServiceLifetime.Singleton);
    }

    /// <summary>The body is the CloudEvent's own JSON, not a Wolverine serialization of the wrapper.</summary>
    private sealed class StructuredCloudEventSerializer : IMessageSerializer
    {
        public string ContentType => StructuredCloudEvent.ContentType;

        public byte[] Write(Envelope envelope) => ((FeedBrokerMessage)envelope.Message!).Body;

        public byte[] WriteMessage(object message) => ((FeedBrokerMessage)message).Body;

        public object ReadFromData(Type messageType, Envelope envelope) => ReadFromData(envelope.Data!);

        public object ReadFromData(byte[] data)
        {
            var cloudEvent = StructuredCloudEvent.Decode(data, FeedMapper.GridAttribute);
            return new FeedBrokerMessage(cloudEvent.Id!, cloudEvent.Type!.Replace(IntegrationContracts.TypePrefix, ""),
                long.Parse((string)cloudEvent["sequence"]!), data);
        }
    }

    /// <summary>Redeliveries of one event carry one message-id, so consumers can deduplicate on the AMQP property too.</summary>
    private sealed class CloudEventIdAsMessageId : IEnvelopeRule
    {
        public void Modify(Envelope envelope)
        {
            if (envelope.Message is FeedBrokerMessage message) envelope.Id = Guid.Parse(message.Id);
        }
    }
}
