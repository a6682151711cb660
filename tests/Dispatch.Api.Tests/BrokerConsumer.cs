using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Dispatch.Api.Feed;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Dispatch.Api.Tests;

/// <summary>The RabbitMQ node build/test.sh started (WUYANG_RABBITMQ_URI); null where none is configured.</summary>
public static class TestBroker
{
    public static Uri? Uri => Environment.GetEnvironmentVariable("WUYANG_RABBITMQ_URI") is { Length: > 0 } uri ? new Uri(uri) : null;

    /// <summary>An exchange of the test's own, so tests running side by side never see each other's events.</summary>
    public static string NewExchange() => "wuyang.feed.test-" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>A test that needs the real RabbitMQ; skipped, saying why, only where none is configured.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        if (TestBroker.Uri is null) Skip = "No RabbitMQ configured: set WUYANG_RABBITMQ_URI (build/test.sh starts a throwaway node and sets it).";
    }
}

/// <summary>
/// An integrator's consumer written with RabbitMQ.Client alone: its own exclusive queue bound to the feed exchange,
/// keeping every delivery with its AMQP properties and the decoded CloudEvent.
/// </summary>
public sealed class BrokerConsumer : IAsyncDisposable
{
    public sealed record Delivery(string RoutingKey, string? MessageId, string? ContentType, bool Persistent, byte[] Body, CloudEvent Event,
        DateTimeOffset ReceivedAt)
    {
        public long Sequence => long.Parse((string)Event["sequence"]!);
    }

    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private BrokerConsumer(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public ConcurrentQueue<Delivery> Received { get; } = new();

    /// <summary>
    /// Declares <paramref name="exchange"/> as the API does (topic, durable) and binds a queue to it, so that nothing the
    /// API publishes after this returns is dropped for want of a queue: bind before the API starts.
    /// </summary>
    public static async Task<BrokerConsumer> BindAsync(string exchange, string bindingKey = "#")
    {
        var connection = await new ConnectionFactory { Uri = TestBroker.Uri! }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, bindingKey);
        var consumer = new BrokerConsumer(connection, channel);
        var events = new AsyncEventingBasicConsumer(channel);
        events.ReceivedAsync += (_, delivery) =>
        {
            var body = delivery.Body.ToArray();
            consumer.Received.Enqueue(new Delivery(delivery.RoutingKey, delivery.BasicProperties.MessageId, delivery.BasicProperties.ContentType,
                delivery.BasicProperties.Persistent, body, StructuredCloudEvent.Decode(body, FeedMapper.GridAttribute), DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, events);
        return consumer;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or 60 s pass.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitFor(Func<IReadOnlyList<Delivery>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done(Received.ToList()) && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Received.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
