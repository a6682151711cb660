using Dispatch.Domain.Integration;
using Marten;
using NodaTime;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Dispatch.Api.Webhooks;

/// <summary>
/// One attempt at one delivery. The attempt is logged on the delivery document; a failed attempt schedules the next
/// one (durably, in the same transaction as the log line) after an exponentially growing delay, until the last one
/// fails and the delivery is marked failed. A repeated message for an attempt already logged does nothing. A webhook
/// already at its share of requests in flight gets the message back a little later, no attempt counted.
/// </summary>
public static class DeliverWebhookHandler
{
    public static async Task Handle(DeliverWebhook message, IDocumentStore store, IWolverineRuntime wolverine, WebhookSender sender,
        WebhookInFlight inFlight, WebhookSettings settings, IClock clock, ILogger<DeliverWebhook> logger, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, cancellation);
        if (delivery is null || delivery.Status != WebhookDelivery.Pending || delivery.Attempts.Count >= message.Attempt) return;

        var webhook = await session.LoadAsync<WebhookState>(message.WebhookId, cancellation);
        var key = await session.LoadAsync<WebhookSigningKey>(message.WebhookId, cancellation);
        if (webhook is not { Active: true } || key is null)
        {
            delivery.Status = WebhookDelivery.Dropped;
            session.Store(delivery);
            await session.SaveChangesAsync(cancellation);
            return;
        }

        var outbox = new MartenOutbox(wolverine, session);
        if (!inFlight.TryEnter(webhook.Id, settings.MaxInFlightPerWebhook))
        {
            await outbox.ScheduleAsync(message, settings.BusyRetry);
            await session.SaveChangesAsync(cancellation);
            return;
        }
        SendOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(webhook.Url, key.Secret, message.EventId, message.Body, clock.GetCurrentInstant(), cancellation);
        }
        finally
        {
            inFlight.Exit(webhook.Id);
        }
        var now = clock.GetCurrentInstant();
        Instant? next = null;
        if (outcome.Success) delivery.Status = WebhookDelivery.Delivered;
        else if (message.Attempt >= settings.MaxAttempts) delivery.Status = WebhookDelivery.Failed;
        else
        {
            var delay = settings.RetryAfter(message.Attempt);
            next = now + Duration.FromTimeSpan(delay);
            await outbox.ScheduleAsync(message with { Attempt = message.Attempt + 1 }, delay);
        }
        delivery.Attempts.Add(new WebhookAttempt(message.Attempt, now, outcome.StatusCode, outcome.Error, outcome.DurationMilliseconds, next));
        session.Store(delivery);
        await session.SaveChangesAsync(cancellation);

        // The webhook id names the receiver; its URL (which may carry a token) and secret stay out of the log.
        if (outcome.Success)
            logger.LogInformation("Webhook {WebhookId} took event {EventId} on attempt {Attempt} ({Status}, {Milliseconds} ms)",
                webhook.Id, message.EventId, message.Attempt, outcome.StatusCode, outcome.DurationMilliseconds);
        else
            logger.LogWarning("Webhook {WebhookId} refused event {EventId} on attempt {Attempt}: {Error} after {Milliseconds} ms; {Outcome}",
                webhook.Id, message.EventId, message.Attempt, outcome.Error, outcome.DurationMilliseconds,
                next is { } at ? $"next attempt at {at}" : "delivery failed, no more attempts");
    }
}
