using Dispatch.Api.Feed;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;
using Wolverine.Marten;

namespace Dispatch.Api.Webhooks;

/// <summary>Wires webhooks: the documents, the delivery subscription on the async daemon, the durable delivery queue.</summary>
public static class WebhookSetup
{
    public const string Queue = "webhooks";

    public static void AddWebhookDocuments(this StoreOptions opts)
    {
        opts.RegisterDocumentType<WebhookSigningKey>();
        opts.Schema.For<WebhookDelivery>().Index(d => d.WebhookId);
    }

    public static void AddWebhooks(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, WebhookSettings settings)
    {
        marten.Services.AddSingleton(settings);
        marten.Services.AddSingleton<WebhookSender>();
        marten.Services.AddSingleton<WebhookInFlight>();
        marten.Services.TryAddSingleton<FeedMapper>();
        marten.SubscribeToEventsWithServices<WebhookSubscription>(ServiceLifetime.Singleton);
    }

    /// <summary>
    /// Deliveries are separate messages on a durable local queue worked in parallel: a slow or dead receiver holds at
    /// most its share of the slots (<see cref="WebhookInFlight"/>), each for at most the timeout, while the others go on.
    /// </summary>
    public static void AddWebhookQueue(this WolverineOptions opts, WebhookSettings settings)
    {
        opts.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue);
        opts.LocalQueue(Queue).MaximumParallelMessages(settings.Parallelism).UseDurableInbox();
    }
}
