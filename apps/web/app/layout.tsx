import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/Nav';
import { SessionGate } from '@/components/SessionGate';
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
        <Nav />
        <main id="main" tabIndex={-1}>
          <SessionGate>{children}</SessionGate>
        </main>
      </body>
    </html>
  );
}
