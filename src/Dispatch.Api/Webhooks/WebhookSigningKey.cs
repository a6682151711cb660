namespace Dispatch.Api.Webhooks;

/// <summary>
/// A webhook's secret, the HMAC key its deliveries are signed with. It cannot be hashed (we sign with it), so it is
/// kept as given, in a document of its own beside the webhook's stream, never in an event, never in an answer or a
/// log line. Removing the webhook deletes it.
/// </summary>
public sealed class WebhookSigningKey
{
    public Guid Id { get; set; }
    public string Secret { get; set; } = "";
}
