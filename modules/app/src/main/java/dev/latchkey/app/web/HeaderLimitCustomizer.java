package dev.latchkey.app.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/**
 * Headers over {@code micronaut.server.netty.max-header-size} are answered 431 (RFC 6585) with a
 * problem body, and the connection closed; Micronaut alone would say 413, which is about bodies.
 * The check sits right after Netty's HTTP decoder, where the oversized request is still marked.
 */
@Singleton
class HeaderLimitCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new PerChannel(null));
        return event.getBean();
    }

    private record PerChannel(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel ch, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new PerChannel(ch) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "latchkey-header-limit",
                        new HeaderLimitHandler());
            }
        }
    }

    private static final class HeaderLimitHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure()
                    && (request.decoderResult().cause() instanceof TooLongHttpHeaderException
                    || request.decoderResult().cause() instanceof TooLongHttpLineException)) {
                ReferenceCountUtil.release(msg);
                boolean line = request.decoderResult().cause() instanceof TooLongHttpLineException;
                HttpResponseStatus status = line ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                        : HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                String body = "{\"type\":\"urn:latchkey:problem:" + (line ? "uri-too-long" : "headers-too-large")
                        + "\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":" + status.code()
                        + ",\"detail\":\"" + (line ? "the request line is too long" : "the request headers are too large") + "\"}";
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
