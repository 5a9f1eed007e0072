import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { UrqlProvider } from '@/lib/urql';
import { Nav } from '@/components/Nav';
import { ConnectionScope } from '@/components/ConnectionScope';
import './globals.css';

export const metadata: Metadata = {
  title: 'Switchyard',
  description: 'Live dashboard for Switchyard batches, lanes and routing.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <UrqlProvider>
          <Nav />
          <main id="main" tabIndex={-1}>
            <ConnectionScope>{children}</ConnectionScope>
          </main>
        </UrqlProvider>
      </body>
    </html>
  );
}
