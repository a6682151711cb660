namespace Dispatch.Api.Webhooks;

/// <summary>Attempt <paramref name="Attempt"/> to POST one CloudEvent (<paramref name="Body"/>, structured JSON) to one webhook.</summary>
public sealed record DeliverWebhook(Guid DeliveryId, Guid WebhookId, string EventId, byte[] Body, int Attempt);
