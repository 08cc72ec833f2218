package io.vmledger.capture.vsphere;

import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.SoapAction;
import com.vmware.vim25.ws.WSClient;

import javax.net.ssl.HttpsURLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * yavijava's SOAP transport for one vCenter session, with three changes:
 * <ul>
 *   <li>TLS is per connection ({@link VsphereTls}) instead of yavijava's JVM-wide settings;</li>
 *   <li>property retrievals are sent with the server's own API version, because {@code config.createDate} only
 *       exists from vSphere 6.7 on and a vCenter rejects a path unknown to the version a request names; every
 *       other call keeps yavijava's 6.0 version, whose types yavijava can parse;</li>
 *   <li>faults are read by {@link SoapFaultReader}: yavijava's fault parser fails on Java 17+;</li>
 *   <li>property retrieval results are read by {@link RetrieveResultReader}, a streaming parser, instead of
 *       yavijava's DOM parser;</li>
 *   <li>nothing is logged: yavijava's transport logs request payloads (passwords included) at trace level.</li>
 * </ul>
 * One session is used by one thread at a time (see {@link VsphereInventorySource}), except for the pages of
 * one retrieval, which {@link VsphereSession#retrieveAll} requests from a second thread.
 */
final class VsphereSoapClient extends WSClient {

    private static final String RETRIEVE_RESULT = "RetrieveResult";
    private static final Set<String> PROPERTY_METHODS =
            Set.of("RetrievePropertiesEx", "ContinueRetrievePropertiesEx", "CancelRetrievePropertiesEx");

    private final VsphereTls tls;
    private String propertyAction;

    VsphereSoapClient(URL url, VsphereTls tls, int timeoutMillis) throws IOException {
        // ignoreCert=false and no trust manager: yavijava sets up no TLS state of its own.
        super(url.toString(), false, null);
        this.tls = tls;
        setConnectTimeout(timeoutMillis);
        setReadTimeout(timeoutMillis);
    }

    /** Chooses the SOAP actions once the server's API version is known. */
    void useApiVersion(String apiVersion) {
        setSoapActionOnApiVersion(apiVersion);
        propertyAction = apiVersion == null || apiVersion.isBlank() ? soapAction : "urn:vim25/" + apiVersion;
    }

    @Override
    public Object invoke(String methodName, Argument[] paras, String returnType) throws RemoteException {
        return call(methodName, paras, returnType, null);
    }

    /**
     * A property retrieval whose continuation token is handed to {@code onToken} as soon as it arrives (see
     * {@link RetrieveResultReader#read(InputStream, Consumer)}). Unlike the rest of this class, safe to call
     * from several threads of one session: requests share only the session cookie, which no longer changes.
     */
    RetrieveResult retrieve(String methodName, Argument[] paras, Consumer<String> onToken) throws RemoteException {
        return (RetrieveResult) call(methodName, paras, RETRIEVE_RESULT, onToken);
    }

    private Object call(String methodName, Argument[] paras, String returnType, Consumer<String> onToken) throws RemoteException {
        String message = marshall(methodName, paras);
        String action = PROPERTY_METHODS.contains(methodName) && propertyAction != null ? propertyAction : soapAction;
        try {
            HttpURLConnection connection = send(message, action);
            int status = connection.getResponseCode();
            if (cookie == null) {
                cookie = connection.getHeaderField("Set-Cookie");
            }
            if (status != HttpURLConnection.HTTP_OK) {
                try (InputStream error = connection.getErrorStream()) {
                    throw SoapFaultReader.read(methodName, status, error);
                }
            }
            try (InputStream in = connection.getInputStream()) {
                if (RETRIEVE_RESULT.equals(returnType)) {
                    return RetrieveResultReader.read(in, onToken);
                }
                return unMarshall(returnType, in);
            }
        } catch (RemoteException e) {
            throw e;
        } catch (Exception e) {
            throw new RemoteException(methodName + " failed: " + e.getMessage(), e);
        }
    }

    /** Not used by yavijava's stubs (they call {@link #invoke}); kept consistent for {@code invokeAsString}. */
    @Override
    protected InputStream post(String soapMsg) throws IOException {
        HttpURLConnection connection = send(soapMsg, soapAction);
        if (cookie == null) {
            cookie = connection.getHeaderField("Set-Cookie");
        }
        return connection.getResponseCode() == HttpURLConnection.HTTP_OK ? connection.getInputStream() : connection.getErrorStream();
    }

    /** Sends one request; the response is read from the returned connection. */
    private HttpURLConnection send(String soapMsg, String action) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) baseUrl.openConnection();
        if (connection instanceof HttpsURLConnection https) {
            if (tls.socketFactory() != null) {
                https.setSSLSocketFactory(tls.socketFactory());
            }
            if (tls.hostnames() != null) {
                https.setHostnameVerifier(tls.hostnames());
            }
        }
        connection.setConnectTimeout(connectTimeout);
        connection.setReadTimeout(readTimeout);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setDoInput(true);
        connection.setRequestProperty(SoapAction.SOAP_ACTION_HEADER.toString(), action == null ? "" : action);
        connection.setRequestProperty("Content-Type", "text/xml; charset=utf-8");
        if (cookie != null) {
            connection.setRequestProperty("Cookie", cookie);
        }
        byte[] body = soapMsg.getBytes(StandardCharsets.UTF_8);
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return connection;
    }
}
